#!/bin/sh
# Regenerates the illustrative Yangjiang dataset and its 2016 snapshot into a temporary folder
# and compares every generated file with the committed one, in data/yangjiang and in
# data/yangjiang-2016. Exit code 0: identical; 1: a file differs or is missing (the diff is
# printed); 2: the generator failed.
# Usage: data/yangjiang/check_regenerates.sh   (PYTHON=... to choose the interpreter)
set -u
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$here")
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The generator writes the 2016 snapshot beside its output folder, as "<name>-2016".
if ! "$python" "$here/generate.py" "$tmp/$name"; then
    echo "生成失败 / generator failed: $here/generate.py" >&2
    exit 2
fi

status=0
for folder in "$name" "$name-2016"; do
    committed=$(dirname "$here")/$folder
    if [ ! -d "$tmp/$folder" ]; then
        echo "未生成目录 / the generator did not write the folder: $folder" >&2
        status=1
        continue
    fi
    for generated in "$tmp/$folder"/*; do
        file=$(basename "$generated")
        if [ ! -f "$committed/$file" ]; then
            echo "缺少文件 / missing committed file: $committed/$file" >&2
            status=1
        elif ! diff -u "$committed/$file" "$generated"; then
            echo "文件不一致 / committed file differs from a fresh generation: $committed/$file" >&2
            status=1
        fi
    done
done
[ "$status" -eq 0 ] && echo "data/$name, data/$name-2016: regenerated files are identical"
exit "$status"

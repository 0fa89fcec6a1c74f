#!/bin/sh
# Regenerates the illustrative Yangjiang dataset into a temporary folder and compares every
# generated file with the committed one. Exit code 0: identical; 1: a file differs or is
# missing (the diff is printed); 2: the generator failed.
# Usage: data/yangjiang/check_regenerates.sh   (PYTHON=... to choose the interpreter)
set -u
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

if ! "$python" "$here/generate.py" "$tmp"; then
    echo "生成失败 / generator failed: $here/generate.py" >&2
    exit 2
fi

status=0
for generated in "$tmp"/*; do
    name=$(basename "$generated")
    if [ ! -f "$here/$name" ]; then
        echo "缺少文件 / missing committed file: $here/$name" >&2
        status=1
    elif ! diff -u "$here/$name" "$generated"; then
        echo "文件不一致 / committed file differs from a fresh generation: $here/$name" >&2
        status=1
    fi
done
[ "$status" -eq 0 ] && echo "data/yangjiang: regenerated files are identical"
exit "$status"

#!/bin/sh
# Renders a stage's catchments, demand points and schools from an xuewei.gpkg into a PNG with the
# GDAL command-line tools only (docs/allocation.md, "What the embedded data shows").
# Usage: docs/images/render_allocation_map.sh OUT/xuewei.gpkg primary out.png [pixels]
set -eu
gpkg=$1; stage=$2; png=$3; px=${4:-1400}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Catchments in 11 colours by feature id, town outlines grey, demand points blue, schools black.
gdal_rasterize -q -ot Byte -init 0 -te 541000 2380000 657000 2496000 -ts "$px" "$px" \
    -a_srs EPSG:4546 -burn 1 -l towns "$gpkg" "$tmp/map.tif"
gdal_rasterize -q -dialect SQLite -a c -sql \
    "select (fid % 11) + 2 as c, geom from catchments where stage = '$stage'" "$gpkg" "$tmp/map.tif"
gdal_rasterize -q -dialect SQLite -burn 13 -sql \
    "select ST_Buffer(ST_Boundary(geom), 60) as geom from towns" "$gpkg" "$tmp/map.tif"
gdal_rasterize -q -dialect SQLite -burn 14 -sql \
    "select ST_Buffer(geom, 230) as geom from demand_points where stage = '$stage'" "$gpkg" "$tmp/map.tif"
gdal_rasterize -q -dialect SQLite -burn 16 -sql \
    "select ST_Buffer(geom, 330) as geom from schools where ${stage}_seats is not null" \
    "$gpkg" "$tmp/map.tif"
cat > "$tmp/colours.txt" <<'COLOURS'
0 255 255 255
1 235 235 225
2 141 211 199
3 255 255 179
4 190 186 218
5 251 128 114
6 128 177 211
7 253 180 98
8 179 222 105
9 252 205 229
10 217 217 217
11 188 128 189
12 204 235 197
13 90 90 90
14 20 60 160
16 0 0 0
COLOURS
gdaldem color-relief -q -nearest_color_entry "$tmp/map.tif" "$tmp/colours.txt" "$tmp/map.png" -of PNG
cp "$tmp/map.png" "$png" # without the .aux.xml GDAL writes beside it

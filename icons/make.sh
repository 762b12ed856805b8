#!/usr/bin/env bash
# Regenerates every PNG in icons/ from icons/vigie.svg. The PNGs are committed (CI does not run this).
#
# Needs (Debian 12): librsvg2-bin (rsvg-convert), imagemagick (convert), fonts-dejavu-core
# (DejaVu Sans Bold and DejaVu Sans Condensed Bold, for the badge digits):
#   sudo apt-get install -y librsvg2-bin imagemagick fonts-dejavu-core
#
# Writes:
#   32x32.png 128x128.png 128x128@2x.png icon.png   the app icon for Tauri's bundler (RGBA)
#   tray/vigie.png                                  the tray icon, 64x64 RGBA, no badge
#   tray/vigie-1.png … tray/vigie-9.png             with an unread badge showing 1 … 9
#   tray/vigie-9plus.png                            with the badge "9+" (ten unread or more)
#   preview.png                                     every tray icon at 16, 22 and 32 px on a black
#                                                   and a white panel, scaled 2x (point filter)
# With VIGIE_SHEET=FILE, the same sheet scaled 4x is also written to FILE (to inspect, not committed).
#
# The tray icon is vigie.svg without its elements of class="detail" (pupil and glint), which vanish
# at panel sizes; with a badge, its eye is smaller and lower (BADGED_GLYPH). Every tray icon is drawn
# at 4x (256 px) and reduced to 64 px with a box filter. Check a change at 16 px before committing:
#   VIGIE_SHEET=/tmp/sheet.png icons/make.sh   and look at the 16 px rows of /tmp/sheet.png.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

for tool in rsvg-convert convert; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make.sh: $tool is missing (see the packages at the top)" >&2; exit 1; }
done
font_dir=/usr/share/fonts/truetype/dejavu
font_bold=$font_dir/DejaVuSans-Bold.ttf
font_narrow=$font_dir/DejaVuSansCondensed-Bold.ttf
for f in "$font_bold" "$font_narrow"; do
  [ -f "$f" ] || { echo "make.sh: $f is missing (install fonts-dejavu-core)" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- The app icon -------------------------------------------------------------------------------
app() { # SIZE OUTPUT
  rsvg-convert -w "$1" -h "$1" vigie.svg -o "$tmp/app.png"
  convert "$tmp/app.png" -strip PNG32:"$2"
}
app 32 32x32.png
app 128 128x128.png
app 256 128x128@2x.png
app 512 icon.png

# --- The tray icons -----------------------------------------------------------------------------
mkdir -p tray
S=256               # working size, 4x the 64 px output
BADGE_R=82          # the badge's outer radius (white ring included): 164/256 = 64% of the width
RING=10             # the white ring's width (2.5 px at 64 px)
BADGE_CX=$((S - BADGE_R))   # top-right corner, touching both edges
BADGE_CY=$BADGE_R
RED='#dc2626'
BOLDEN=8            # extra stroke around the digits, so they hold at 16 px
# With a badge, the eye shrinks into the free bottom of the tile (vigie.svg units, 512 a side)
# instead of being half hidden.
BADGED_GLYPH='translate(208 384) scale(0.64) translate(-256 -256)'

sed -E 's#<[^>]*class="detail"[^>]*/>##g' vigie.svg > "$tmp/tray.svg"
rsvg-convert -w $S -h $S "$tmp/tray.svg" -o "$tmp/base.png"
sed -E "s#<g id=\"glyph\">#<g id=\"glyph\" transform=\"$BADGED_GLYPH\">#" "$tmp/tray.svg" > "$tmp/tray-badged.svg"
rsvg-convert -w $S -h $S "$tmp/tray-badged.svg" -o "$tmp/base-badged.png"

# text TEXT FONT POINTSIZE OUTPUT: white text, emboldened by a white stroke, trimmed to its ink.
text() {
  convert -background none -fill white -stroke white -strokewidth "$BOLDEN" -font "$2" -pointsize "$3" \
    label:"$1" -trim +repage "$4"
}

# badge TEXT_PNG OUTPUT [X Y]: the badged base with a badge; the text is centred by its ink, or
# put at X,Y.
badge() {
  local w h x y
  read -r w h < <(convert "$1" -format '%w %h\n' info:)
  x=${3:-$((BADGE_CX - w / 2))} y=${4:-$((BADGE_CY - h / 2))}
  convert "$tmp/base-badged.png" \
    -fill white -draw "circle $BADGE_CX,$BADGE_CY $((BADGE_CX + BADGE_R)),$BADGE_CY" \
    -fill "$RED" -draw "circle $BADGE_CX,$BADGE_CY $((BADGE_CX + BADGE_R - RING)),$BADGE_CY" \
    "$1" -geometry "+$x+$y" -composite \
    -filter box -resize 64x64 -strip PNG32:"$2"
}

convert "$tmp/base.png" -filter box -resize 64x64 -strip PNG32:tray/vigie.png
for n in 1 2 3 4 5 6 7 8 9; do
  text "$n" "$font_bold" 132 "$tmp/text.png"
  badge "$tmp/text.png" "tray/vigie-$n.png"
done
# "9+": a condensed 9 and a drawn +, laid out by hand. Each bar of the + covers exactly one pixel
# row or column of the 16 px icon (16 working units, on the 16-unit grid) so that it stays a cross
# there; the 9 ends 20 units before it and is centred on the badge's height. The coordinates suit
# BADGE_R=82: place them again if the badge moves.
text 9 "$font_narrow" 96 "$tmp/nine.png"
read -r w h < <(convert "$tmp/nine.png" -format '%w %h\n' info:)
convert -size ${S}x${S} xc:none -fill white \
  -draw "rectangle 192,80 239,95" -draw "rectangle 208,64 223,111" \
  "$tmp/nine.png" -geometry "+$((192 - 20 - w))+$((BADGE_CY - h / 2))" -composite "$tmp/text.png"
badge "$tmp/text.png" tray/vigie-9plus.png 0 0

# --- The contact sheet --------------------------------------------------------------------------
# One row per panel colour and size, one column per tray icon; each cell is 36x36 at 1x.
icons=(tray/vigie.png tray/vigie-{1..9}.png tray/vigie-9plus.png)
rows=()
for bg in black white; do
  for px in 16 22 32; do
    cells=()
    for i in "${!icons[@]}"; do
      convert "${icons[$i]}" -resize "${px}x${px}" -background "$bg" -flatten \
        -gravity center -extent 36x36 "$tmp/cell-$bg-$px-$i.png"
      cells+=("$tmp/cell-$bg-$px-$i.png")
    done
    convert "${cells[@]}" +append "$tmp/row-$bg-$px.png"
    rows+=("$tmp/row-$bg-$px.png")
  done
done
convert "${rows[@]}" -append "$tmp/sheet.png"

# sheet SCALE OUTPUT: the sheet scaled up (point filter: every pixel a square), with row labels.
sheet() {
  local k=$1 cell=$((36 * $1)) labels=() bg px
  for bg in black white; do
    for px in 16 22 32; do
      convert -size $((30 * k))x$cell xc:'#e5e7eb' -fill '#111827' -font "$font_bold" \
        -pointsize $((5 * k)) -gravity center -annotate +0+0 "$px px\n$bg" "$tmp/label-$bg-$px.png"
      labels+=("$tmp/label-$bg-$px.png")
    done
  done
  convert "${labels[@]}" -append \( "$tmp/sheet.png" -filter point -resize $((100 * k))% \) \
    +append -strip PNG32:"$2"
}
sheet 2 preview.png
if [ -n "${VIGIE_SHEET:-}" ]; then
  sheet 4 "$VIGIE_SHEET"
fi
echo "make.sh: icons written to $here"

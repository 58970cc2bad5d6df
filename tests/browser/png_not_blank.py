# Decodes a PNG (8-bit RGB or RGBA, not interlaced: what Chromium's screenshots are) with Python's
# zlib alone, and fails when it is blank: fewer than MIN_COLOURS distinct colours, or less than
# MIN_INK of the pixels different from the most common colour (the background).
# Prints: WIDTH HEIGHT COLOURS INK. Usage: png_not_blank.py FILE [MIN_COLOURS] [MIN_INK]
import struct
import sys
import zlib
from collections import Counter

path = sys.argv[1]
min_colours = int(sys.argv[2]) if len(sys.argv) > 2 else 16
min_ink = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
data = open(path, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
pos, idat, header = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour_type, _, _, interlace = header
assert depth == 8 and colour_type in (2, 6) and interlace == 0, f"{path}: unexpected PNG format {header}"
bpp = 3 if colour_type == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
previous = bytearray(stride)
colours = Counter()
for y in range(height):
    kind = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        left = line[x - bpp] if x >= bpp else 0
        up = previous[x]
        upper_left = previous[x - bpp] if x >= bpp else 0
        if kind == 1:
            line[x] = (line[x] + left) & 0xFF
        elif kind == 2:
            line[x] = (line[x] + up) & 0xFF
        elif kind == 3:
            line[x] = (line[x] + (left + up) // 2) & 0xFF
        elif kind == 4:
            p = left + up - upper_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upper_left)
            line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else upper_left)) & 0xFF
    colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
    previous = line
background = colours.most_common(1)[0][1]
ink = 1 - background / (width * height)
print(width, height, len(colours), f"{ink:.4f}")
if len(colours) < min_colours or ink < min_ink:
    print(f"{path}: blank ({len(colours)} colours, {ink:.2%} of pixels not background)")
    sys.exit(1)

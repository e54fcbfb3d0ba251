#!/usr/bin/env python3
"""Regenerates src/chat/line/glyphs.z, the glyphs toban draws the LINE rich menu's labels with.

Why a table: LINE shows a rich menu as an image, and toban draws that image itself (no font
file at run time, nothing fetched). The labels are a fixed set (the catalogue's `tile_ja` and
`tile_en` in src/msg/reply.rs), so the few glyphs they use are rasterised once, here, from Noto
Sans CJK JP by headless Chromium, and kept as 8-bit coverage (16 levels), zlib-compressed.
A unit test (src/chat/line/image.rs) fails when a label has a character the table lacks: run
this script then.

    scripts/line-menu-glyphs.py            # needs chromium and the Noto CJK fonts (Debian:
                                           # chromium, fonts-noto-cjk); Python 3 alone otherwise

Format (before zlib): b"TGLY1", cell size (u8), then per glyph: code point (u32 LE),
advance in pixels (u8, as Chromium lays the text out), cell*cell coverage bytes (0 = paper,
255 = ink), rows top down; the pen starts 4 pixels into the cell.
"""
import json
import os
from html import unescape as html_unescape
import re
import struct
import subprocess
import sys
import tempfile
import zlib

CELL = 56
PITCH = 80
FONT = 40
COLS = 16
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def labels():
    src = open(os.path.join(ROOT, "src/msg/reply.rs"), encoding="utf-8").read()
    chars = set(chr(c) for c in range(0x20, 0x7F))
    for fn in ("tile_ja", "tile_en"):
        body = src[src.index(f"fn {fn}("):]
        body = body[: body.index("\n}\n")]
        for s in re.findall(r'"([^"]*)"', body):
            chars.update(s)
    return sorted(chars)


def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and ctype in (2, 6), (depth, ctype, interlace)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride, rows, prev = w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pr) & 255
        rows.append([line[x * bpp] for x in range(w)])  # the red channel: black on white
        prev = line
    return rows


def chromium(args):
    exe = os.environ.get("TOBAN_CHROMIUM", "chromium")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    return subprocess.run([exe, *flags, *args], check=True, capture_output=True, text=True).stdout


def main():
    chars = labels()
    n_rows = (len(chars) + COLS - 1) // COLS
    # Each glyph in a cell of its own with a margin of PITCH - CELL around it, so that nothing
    # (a descender, an overhang) bleeds into a neighbour's cell.
    cells = "".join(
        f'<div style="position:absolute;left:{(i % COLS) * PITCH + 4}px;top:{(i // COLS) * PITCH}px;'
        f'height:{CELL}px;line-height:{CELL}px;white-space:pre">{"&#%d;" % ord(c)}</div>'
        for i, c in enumerate(chars)
    )
    # The advances, as the browser lays the text out: written into the page by a script.
    measure = (
        "<script>document.title=JSON.stringify([...document.querySelectorAll('div')]"
        ".map(d=>d.getBoundingClientRect().width))</script>"
    )
    html = (
        "<html><head><title>-</title></head><body style=\"margin:0;background:#fff;color:#000;"
        f"font-family:'Noto Sans CJK JP';font-size:{FONT}px\">{cells}{measure}</body></html>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        page, shot = os.path.join(tmp, "g.html"), os.path.join(tmp, "g.png")
        open(page, "w", encoding="utf-8").write(html)
        dom = chromium(["--dump-dom", f"file://{page}"])
        widths = json.loads(html_unescape(re.search(r"<title>(.*?)</title>", dom).group(1)))
        chromium([f"--window-size={COLS * PITCH},{n_rows * PITCH}", f"--screenshot={shot}", f"file://{page}"])
        px = png_pixels(shot)
    out = bytearray(b"TGLY1") + bytes([CELL])
    for i, c in enumerate(chars):
        x0, y0 = (i % COLS) * PITCH, (i // COLS) * PITCH
        cov = [((255 - px[y0 + y][x0 + x]) // 17) * 17 for y in range(CELL) for x in range(CELL)]
        advance = min(255, round(widths[i]))
        out += struct.pack("<IB", ord(c), advance) + bytes(cov)
    dest = os.path.join(ROOT, "src/chat/line/glyphs.z")
    open(dest, "wb").write(zlib.compress(bytes(out), 9))
    print(f"{len(chars)} glyphs, {os.path.getsize(dest)} bytes: {dest}", file=sys.stderr)


if __name__ == "__main__":
    main()

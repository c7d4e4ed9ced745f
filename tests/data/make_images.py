#!/usr/bin/env python3
"""Writes the small test images in this directory (run from here; the
JPEG comes from make_jpeg.c, which needs libjpeg). Standard library only,
so the files can be remade anywhere; the outputs are committed."""
import struct, zlib

def png(w, h, rows, color_type=2):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

def gif(w, h, palette, pixels, transparent=None, frames=1):
    """pixels: w*h colour indexes (< 4). LZW with a clear code every two
    pixels, so the code width never grows: simple and valid."""
    out = bytearray(b"GIF89a" + struct.pack("<HH", w, h) + bytes([0x80 | 0x01, 0, 0]))
    for c in palette:
        out += bytes(c)
    if transparent is not None:
        out += bytes([0x21, 0xF9, 4, 1, 0, 0, transparent, 0])
    for f in range(frames):
        out += bytes([0x2C]) + struct.pack("<HHHH", 0, 0, w, h) + bytes([0])
        codes = []
        for i in range(0, len(pixels), 2):
            codes.append(4)
            codes.extend(pixels[i:i + 2])
        codes.append(5)
        bits = 0; n = 0; data = bytearray()
        for c in codes:
            bits |= c << n; n += 3
            while n >= 8:
                data.append(bits & 255); bits >>= 8; n -= 8
        if n:
            data.append(bits & 255)
        out += bytes([2])
        for i in range(0, len(data), 255):
            blk = data[i:i + 255]
            out += bytes([len(blk)]) + blk
        out += bytes([0])
    out += b";"
    return bytes(out)

def tiff(w, h, rgb):
    entries = []
    bps_off = 8
    strip_off = 8 + 6
    ifd_off = strip_off + len(rgb)
    ifd_off += ifd_off & 1
    def e(tag, typ, count, val):
        entries.append(struct.pack("<HHII", tag, typ, count, val))
    e(256, 4, 1, w); e(257, 4, 1, h); e(258, 3, 3, bps_off); e(259, 3, 1, 1)
    e(262, 3, 1, 2); e(273, 4, 1, strip_off); e(277, 3, 1, 3); e(278, 4, 1, h)
    e(279, 4, 1, len(rgb)); e(284, 3, 1, 1)
    head = b"II*\0" + struct.pack("<I", ifd_off) + struct.pack("<HHH", 8, 8, 8) + rgb
    head += b"\0" * (ifd_off - len(head))
    return head + struct.pack("<H", len(entries)) + b"".join(entries) + struct.pack("<I", 0)

red, white, blue = b"\xff\x00\x00", b"\xff\xff\xff", b"\x00\x00\xff"
files = {
    "red.png": png(4, 3, [red * 4, white * 4, blue * 4]),
    "anim.gif": gif(5, 4, [(255, 0, 0), (0, 0, 255), (255, 255, 255), (0, 0, 0)],
                    [0, 1, 2, 3, 0] * 4, transparent=3, frames=2),
    "scan.tif": tiff(3, 2, red + white + blue + blue + white + red),
    "pic.svg": b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">'
               b'<rect width="120" height="80" fill="#8a2b1d"/></svg>\n',
    "box.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><circle cx="10" cy="10" r="8"/></svg>\n',
    # a header declaring 50,000 x 50,000 pixels and nothing behind it
    "huge.png": png(1, 1, [red])[:33].replace(struct.pack(">II", 1, 1), struct.pack(">II", 50000, 50000)),
    # broken files: right magic, wrong insides
    "broken.png": b"\x89PNG\r\n\x1a\n" + b"\0\0\0\x0dIHDX" + b"\xff" * 20,
    "broken.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\0" + b"\x01" * 9 + b"\xff\xda\x00\x08garbage",
    "truncated.gif": gif(5, 4, [(0, 0, 0), (255, 255, 255), (1, 1, 1), (2, 2, 2)], [1] * 20)[:40],
    "broken.tif": b"II*\0" + struct.pack("<I", 0x7fffff00) + b"\0" * 16,
    "broken.svg": b"<svg xmlns='http://www.w3.org/2000/svg' width='10' <<<",
    # a JPEG whose SOF claims 65,000 x 65,000 and has no data
    "huge.jpg": b"\xff\xd8\xff\xc0" + struct.pack(">HBHHB", 17, 8, 65000, 65000, 3)
                + b"\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9",
    "short.gif": b"GIF89a\xff\xff\xff\xff",
    # <use> elements referring to each other
    "loop.svg": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                b'width="100" height="100"><g id="a"><use xlink:href="#b"/></g>'
                b'<g id="b"><use xlink:href="#a"/></g></svg>',
    # refers to a file outside: librsvg gets no base, so it is not read
    "external.svg": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                    b'width="10mm" height="5mm"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>',
    "notimage.txt": b"This is not an image.\n",
    "empty.png": b"",
}
for name, data in files.items():
    with open(name, "wb") as f:
        f.write(data)

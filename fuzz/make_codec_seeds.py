#!/usr/bin/env python3
"""Seeds for the codec fuzzers from the golden frames (protocols/vectors/vectors.txt):
wire bytes (fuzz_cobs, fuzz_link), decoded frames (fuzz_frame), payloads (fuzz_messages).
Usage: make_codec_seeds.py VECTORS FUZZ_CORPUS_DIR"""
import os, sys


def cobs_decode(b):
    out, i = bytearray(), 0
    while i < len(b):
        code = b[i]
        out += b[i + 1:i + code]
        i += code
        if code < 0xFF and i < len(b):
            out.append(0)
    return bytes(out)


vec, root = sys.argv[1], sys.argv[2]
name = None
for line in open(vec):
    parts = line.split()
    if parts[:1] == ["vector"]:
        name = parts[1]
    if parts[:1] == ["wire"] and name:
        wire = bytes.fromhex(parts[1])
        frame = cobs_decode(wire.strip(b"\0"))
        for target, data in (("fuzz_cobs", wire.strip(b"\0")), ("fuzz_link", bytes([len(wire) & 0x3F]) + wire),
                             ("fuzz_frame", frame), ("fuzz_messages", frame[8:-4])):
            os.makedirs(os.path.join(root, target), exist_ok=True)
            with open(os.path.join(root, target, name), "wb") as f:
                f.write(data)

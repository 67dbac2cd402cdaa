#!/usr/bin/env python3
"""Writes small valid model plans (target-fw/nn/plan_format.h, version 2) as
seeds for fuzz_plan: every op kind at least once, in a few short chains.
Usage: make_plan_seeds.py OUT_DIR. Independent of the importer on purpose:
the seeds exist even where the host tool is not built."""
import struct, sys, zlib, os

I8, U8, F32 = 1, 2, 5
ARENA, BLOB = 0, 1
(CONV, DW, FC, AVG, MAX, PAD, ADD, MUL, MEAN, SOFTMAX, LOGI, HSW, MIN, MAXI, Q, DQ, COPY) = range(1, 18)
SIZE = {I8: 1, U8: 1, F32: 4}


class Plan:
    def __init__(self):
        self.data = bytearray()  # after the 128-byte header
        self.tensors, self.ops, self.arena = [], [], 0

    def add_data(self, b):
        while len(self.data) % 16:
            self.data.append(0)
        off = 128 + len(self.data)
        self.data += b
        return off

    def i32s(self, vals):
        return self.add_data(struct.pack("<%di" % len(vals), *vals))

    def tensor(self, dims, dtype=I8, const=None):
        n = SIZE[dtype]
        for d in dims:
            n *= d
        if const is None:
            off, where = self.arena, ARENA
            self.arena = (self.arena + n + 15) & ~15
        else:
            off, where = self.add_data(bytes(const[:n]).ljust(n, b"\1")), BLOB
        d4 = list(dims) + [1] * (4 - len(dims))
        self.tensors.append(struct.pack("<4iBBBBifII", *d4, len(dims), dtype, where, 0, 0, 0.05, off, n))
        return len(self.tensors) - 1

    def op(self, kind, ins, out, params):
        off = self.add_data(params)
        i3 = list(ins) + [0] * (3 - len(ins))
        self.ops.append(struct.pack("<HBB3HHIII", kind, len(ins), 1, *i3, out, off, len(params), len(self.ops)))

    def blob(self, inp, outp):
        while len(self.data) % 16:
            self.data.append(0)
        toff = 128 + len(self.data)
        tb = b"".join(self.tensors).ljust((len(self.tensors) * 36 + 15) & ~15, b"\0")
        ooff = toff + len(tb)
        ob = b"".join(self.ops).ljust((len(self.ops) * 24 + 15) & ~15, b"\0")
        total = ooff + len(ob)
        hdr = struct.pack("<12I", 0x4C504248, 2, total, 0, len(self.tensors), len(self.ops), toff, ooff,
                          self.arena, inp, outp, 0) + bytes(32) + b"seed".ljust(48, b"\0")
        b = bytearray(hdr + self.data + tb + ob)
        struct.pack_into("<I", b, 12, zlib.crc32(bytes(b)) & 0xFFFFFFFF)  # crc32 field is 0 while computed
        return bytes(b)


M = 1 << 30


def conv_chain():
    p = Plan()
    x = p.tensor([1, 6, 6, 2])
    w = p.tensor([4, 3, 3, 2], const=bytes(range(1, 73)))
    c = p.tensor([1, 6, 6, 4])
    arr = lambda v: p.i32s([v] * 4)
    p.op(CONV, [x, w], c, struct.pack("<10i4I", 1, 1, 1, 1, 1, 1, 0, 0, -128, 127, arr(10), arr(10), arr(M), arr(-7)))
    wd = p.tensor([1, 3, 3, 8], const=bytes(range(3, 75)))
    d = p.tensor([1, 3, 3, 8])
    p.op(DW, [c, wd], d, struct.pack("<11i3I", 2, 2, 1, 1, 1, 1, 2, 1, -1, -128, 127, p.i32s([5] * 8), p.i32s([M] * 8),
                                     p.i32s([-6] * 8)))
    a = p.tensor([1, 2, 2, 8])
    p.op(AVG, [d], a, struct.pack("<8i", 2, 2, 1, 1, 0, 0, -128, 127))
    mx = p.tensor([1, 1, 1, 8])
    p.op(MAX, [a], mx, struct.pack("<8i", 2, 2, 2, 2, 0, 0, -128, 127))
    fw = p.tensor([5, 8], const=bytes(range(7, 47)))
    f = p.tensor([1, 5])
    p.op(FC, [mx, fw], f, struct.pack("<6i3I", 1, 8, 5, 3, -128, 127, p.i32s([2] * 5), p.i32s([M] * 5), p.i32s([-5] * 5)))
    s = p.tensor([1, 5])
    p.op(SOFTMAX, [f], s, struct.pack("<5i", 1, 5, M, 20, -248))
    return p.blob(x, s)


def eltwise_chain():
    p = Plan()
    x = p.tensor([1, 2, 2, 3])
    k = p.tensor([1, 1, 1, 3], const=b"\x05\xfb\x10")
    bc = struct.pack("<12i", 1, 1, 4, 3, 0, 0, 3, 1, 0, 0, 0, 1)
    a = p.tensor([1, 2, 2, 3])
    p.op(ADD, [x, k], a, bc + struct.pack("<12i", 1, -2, 3, 20, M, -1, M, -1, M, -19, -128, 127))
    m = p.tensor([1, 2, 2, 3])
    p.op(MUL, [a, k], m, bc + struct.pack("<7i", 0, 1, -3, M, -8, -128, 127))
    mi = p.tensor([1, 2, 2, 3])
    p.op(MIN, [m, k], mi, bc)
    ma = p.tensor([1, 2, 2, 3])
    p.op(MAXI, [mi, x], ma, struct.pack("<12i", 1, 1, 1, 12, 0, 0, 0, 1, 0, 0, 0, 1))
    pd = p.tensor([1, 3, 4, 3])
    p.op(PAD, [ma], pd, struct.pack("<13i", 1, 2, 2, 3, 0, 1, 1, 0, 0, 0, 1, 0, -4))
    mn = p.tensor([1, 1, 1, 3])
    p.op(MEAN, [pd], mn, struct.pack("<4iI5i", 1, 3, 4, 3, 0b0110, 12, 2, -1, M, -3))
    lg = p.tensor([1, 1, 1, 3])
    p.op(LOGI, [mn], lg, struct.pack("<4i", 1, 400, M, 3))
    hs = p.tensor([1, 1, 1, 3])
    p.op(HSW, [lg], hs, struct.pack("<6i", -128, 3, 20000, -2, 18000, 2))
    cp = p.tensor([3])
    p.op(COPY, [hs], cp, b"")
    q = p.tensor([3], U8)
    p.op(Q, [cp], q, struct.pack("<4if", 0, 128, M, -1, 0.0))
    dq = p.tensor([3], F32)
    p.op(DQ, [q], dq, struct.pack("<if", 128, 0.1))
    q2 = p.tensor([3])
    p.op(Q, [dq], q2, struct.pack("<4if", 0, 2, 0, 0, 0.05))
    return p.blob(x, q2)


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, fn in (("conv_chain.plan", conv_chain), ("eltwise_chain.plan", eltwise_chain)):
    with open(os.path.join(out, name), "wb") as f:
        f.write(fn())

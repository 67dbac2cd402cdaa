#!/usr/bin/python3
"""Training recipe for hilbench's default model, hb_effnet_lc_fmnist_int8.tflite.

A small EfficientNet-LC-style classifier for Fashion-MNIST, trained on the CPU
with PyTorch, folded (BatchNorm into conv), quantized to int8 following
TFLite's post-training rules, and written as .tflite by hilbench's own writer
(`hilbench model-build`). Float top-1 is measured here with PyTorch, int8
top-1 with hilbench's host engine (`hilbench run`), both on the 10k test set.

Run from the repository root, after models/fashion-mnist/setup.sh and a build
of hilbench:

    /usr/bin/python3 models/fashion-mnist/train.py --hilbench build/hilbench

Everything is seeded; the recipe runs single-process with a fixed thread count
so that a rerun on the same machine and PyTorch version gives the same file.
Python: Debian's python3-torch and python3-numpy (system interpreter).
"""

import argparse
import gzip
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_NAME = "hb_effnet_lc_fmnist_int8"
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]

LOG = None
TRAIN_LOG = []  # the training lines, kept with a --checkpoint so a rerun can repeat them
EPOCH_LOG = []  # per-epoch lines without timings, kept in the resume file


def log(msg=""):
    TRAIN_LOG.append(msg)
    print(msg, flush=True)
    if LOG:
        LOG.write(msg + "\n")
        LOG.flush()


# ---------------------------------------------------------------------------
# Data: the IDX files as Debian's dataset-fashion-mnist installs them.


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", raw[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, raw[4 : 4 + 4 * ndim])
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    if data.size != math.prod(dims):
        raise ValueError(f"{path}: {data.size} bytes of data, header says {dims}")
    return data.reshape(dims)


def load_split(root, split):
    x = read_idx(os.path.join(root, f"{split}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(root, f"{split}-labels-idx1-ubyte.gz"))
    return x, y.astype(np.int64)


# ---------------------------------------------------------------------------
# The network. Layout choices mirror what the .tflite will compute:
# TF "SAME" padding (asymmetric for stride 2), ReLU6 as a clip, squeeze-and-
# excitation with a ReLU bottleneck and a sigmoid gate.


def same_pad(x, k, stride):
    """Pads NCHW x as TensorFlow's SAME: total max((out-1)*s + k - in, 0), the extra pixel after."""
    h, w = x.shape[-2:]
    ph = max((math.ceil(h / stride) - 1) * stride + k - h, 0)
    pw = max((math.ceil(w / stride) - 1) * stride + k - w, 0)
    return F.pad(x, (pw // 2, pw - pw // 2, ph // 2, ph - ph // 2))


class ConvBN(nn.Module):
    def __init__(self, cin, cout, k, stride=1, depthwise=False):
        super().__init__()
        self.k, self.stride = k, stride
        self.conv = nn.Conv2d(cin, cout, k, stride, 0, groups=cin if depthwise else 1, bias=False)
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(self.conv(same_pad(x, self.k, self.stride)))


class MBConv(nn.Module):
    def __init__(self, cin, cout, expand, stride, se_ratio=0.25):
        super().__init__()
        mid = cin * expand
        se = max(1, int(cin * se_ratio))
        self.expand = ConvBN(cin, mid, 1)
        self.dw = ConvBN(mid, mid, 3, stride, depthwise=True)
        self.se_reduce = nn.Conv2d(mid, se, 1)
        self.se_expand = nn.Conv2d(se, mid, 1)
        self.project = ConvBN(mid, cout, 1)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        h = F.relu6(self.expand(x))
        h = F.relu6(self.dw(h))
        s = h.mean((2, 3), keepdim=True)
        s = torch.sigmoid(self.se_expand(F.relu(self.se_reduce(s))))
        h = self.project(h * s)
        return h + x if self.residual else h


# (expand ratio, output channels, stride) per MBConv block.
# Resolution drops to 7x7 in the first block: on a CPU, time goes with
# activation size more than with MACs.
BLOCKS = [(3, 24, 2), (3, 24, 1), (3, 40, 2), (3, 40, 1)]
STEM, HEAD = 16, 96


class EffNetLC(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = ConvBN(1, STEM, 3, 2)
        blocks, cin = [], STEM
        for e, c, s in BLOCKS:
            blocks.append(MBConv(cin, c, e, s))
            cin = c
        self.blocks = nn.ModuleList(blocks)
        self.head = ConvBN(cin, HEAD, 1)
        self.drop = nn.Dropout(0.2)
        self.fc = nn.Linear(HEAD, 10)

    def forward(self, x):  # x: N x 1 x 28 x 28, pixels / 255
        h = F.relu6(self.stem(x))
        for b in self.blocks:
            h = b(h)
        h = F.relu6(self.head(h)).mean((2, 3))
        return self.fc(self.drop(h))


# ---------------------------------------------------------------------------
# Training


def augment(x, gen):
    """Random horizontal flip and a random shift of up to 2 pixels (zero fill), per image."""
    n = x.shape[0]
    flip = torch.rand(n, generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    p = F.pad(x, (2, 2, 2, 2))
    oy = torch.randint(0, 5, (n,), generator=gen)
    ox = torch.randint(0, 5, (n,), generator=gen)
    ar = torch.arange(28)
    rows = (oy[:, None] + ar)[:, :, None]
    cols = (ox[:, None] + ar)[:, None, :]
    return p[torch.arange(n)[:, None, None], 0, rows, cols][:, None]


def to_float(x_u8):
    return torch.from_numpy(x_u8.astype(np.float32) / 255.0)[:, None]


@torch.no_grad()
def predict(fn, x_u8, batch=1000):
    out = []
    for i in range(0, len(x_u8), batch):
        out.append(fn(to_float(x_u8[i : i + batch])).argmax(1))
    return torch.cat(out).numpy()


def train(model, xtr, ytr, epochs, batch, lr, seed, resume_path):
    """Trains in place. After every epoch the whole training state (weights, optimizer, schedule, random
    generators, log) goes to resume_path, and a run that finds it there continues from it, so an
    interrupted run ends with the same weights as an uninterrupted one."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=5e-4)
    steps = epochs * (len(xtr) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps, pct_start=0.2)
    model.to(memory_format=torch.channels_last)  # NHWC: markedly faster for these small convs on a CPU
    first = 0
    if os.path.exists(resume_path):
        st = torch.load(resume_path)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        gen.set_state(st["gen"])
        torch.set_rng_state(st["torch_rng"])
        first = st["epoch"]
        EPOCH_LOG[:] = st["log"]
        for line in st["log"]:
            log(line)
        log(f"(resumed after epoch {first} from {resume_path})")
    xt = to_float(xtr)
    yt = torch.from_numpy(ytr)
    for ep in range(first, epochs):
        model.train()
        t0 = time.time()
        perm = torch.randperm(len(xt), generator=gen)
        tot, correct, seen = 0.0, 0, 0
        for i in range(0, len(perm) - batch + 1, batch):
            idx = perm[i : i + batch]
            xb, yb = augment(xt[idx], gen).contiguous(memory_format=torch.channels_last), yt[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb, label_smoothing=0.05)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            tot += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        line = (f"epoch {ep + 1:2d}/{epochs}  loss {tot / seen:.4f}  train top-1 (augmented) "
                f"{100 * correct / seen:.2f}%")
        log(f"{line}  ({time.time() - t0:.0f} s)")
        EPOCH_LOG.append(line)
        torch.save({"epoch": ep + 1, "model": model.state_dict(), "opt": opt.state_dict(),
                    "sched": sched.state_dict(), "gen": gen.get_state(), "torch_rng": torch.get_rng_state(),
                    "log": list(EPOCH_LOG)}, resume_path + ".tmp")
        os.replace(resume_path + ".tmp", resume_path)
    model.to(memory_format=torch.contiguous_format)


# ---------------------------------------------------------------------------
# The exported graph. Tracer runs the folded float network with plain torch
# ops *and* records each op as it will appear in the .tflite, so the float
# graph that is calibrated and the int8 graph that is written are the same
# graph by construction.


def fold_bn(cb):
    """Conv weight and bias with the BatchNorm folded in (inference statistics)."""
    bn = cb.bn
    g = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    w = cb.conv.weight * g[:, None, None, None]
    b = bn.bias - bn.running_mean * g
    return w.detach(), b.detach()


class Tracer:
    def __init__(self):
        self.tensors = []  # dict(name, shape (NHWC, batch 1), kind, ...)
        self.ops = []
        self.values = {}  # tensor index -> torch value (NCHW / NC) of the current batch
        self.lo, self.hi = {}, {}

    def _t(self, name, shape, **kw):
        self.tensors.append(dict(name=name, shape=list(shape), **kw))
        return len(self.tensors) - 1

    def _act(self, name, value, **kw):
        shape = [1] + (list(value.shape[2:]) + [value.shape[1]] if value.dim() == 4 else list(value.shape[1:]))
        i = self._t(name, shape, kind="act", **kw)
        self.values[i] = value
        return i

    def _op(self, op, ins, outs, **opts):
        self.ops.append(dict(op=op, inputs=ins, outputs=outs, options=opts))

    def observe(self):
        for i, v in self.values.items():
            lo, hi = float(v.min()), float(v.max())
            self.lo[i] = min(self.lo.get(i, lo), lo)
            self.hi[i] = max(self.hi.get(i, hi), hi)

    # -- ops --
    def image(self, x):  # x: N x 1 x 28 x 28 in [0, 1]
        u8 = self._act("image", x, dtype="UINT8", quant=(1 / 255, 0))
        i8 = self._act("image_int8", x, quant=(1 / 255, -128))
        self._op("QUANTIZE", [u8], [i8])
        return i8

    def conv(self, name, x, w, b, stride=1, depthwise=False, act="NONE", clip6=False):
        k = w.shape[-1]
        v = F.conv2d(same_pad(self.values[x], k, stride), w, b, stride, groups=w.shape[0] if depthwise else 1)
        if act == "RELU":
            v = F.relu(v)
        if clip6:  # quantized to the clip's range, so int8 saturation does the clip; see quantize()
            v = F.relu6(v)
        wt = self._t(name + "/weights", [], kind="weights", value=w, depthwise=depthwise)
        bt = self._t(name + "/bias", [w.shape[0]], kind="bias", value=b, input=x, weights=wt)
        y = self._act(name, v)
        self._op("DEPTHWISE_CONV_2D" if depthwise else "CONV_2D", [x, wt, bt], [y], padding="SAME",
                 stride_w=stride, stride_h=stride, fused_activation=act,
                 **({"depth_multiplier": 1} if depthwise else {}))
        return y

    def relu6(self, name, x):
        """ReLU6 as MINIMUM(x, 6) then MAXIMUM(., 0), as in ST's EfficientNet-LC; all share x's quantization."""
        six = self._t(name + "/six", [], kind="scalar", value=6.0, like=x)
        zero = self._t(name + "/zero", [], kind="scalar", value=0.0, like=x)
        lo = self._act(name + "/min", torch.clamp(self.values[x], max=6.0), like=x)
        self._op("MINIMUM", [x, six], [lo])
        out = self._act(name, torch.clamp(self.values[lo], min=0.0), like=x)
        self._op("MAXIMUM", [lo, zero], [out])
        return out

    def mean_hw(self, name, x, keep_dims):
        axes = self._t(name + "/axes", [2], kind="int32", value=[1, 2])
        y = self._act(name, self.values[x].mean((2, 3), keepdim=keep_dims))
        self._op("MEAN", [x, axes], [y], keep_dims=keep_dims)
        return y

    def logistic(self, name, x):
        y = self._act(name, torch.sigmoid(self.values[x]), quant=(1 / 256, -128))
        self._op("LOGISTIC", [x], [y])
        return y

    def mul(self, name, a, b):
        y = self._act(name, self.values[a] * self.values[b])
        self._op("MUL", [a, b], [y])
        return y

    def add(self, name, a, b):
        y = self._act(name, self.values[a] + self.values[b])
        self._op("ADD", [a, b], [y])
        return y

    def fc(self, name, x, w, b):
        wt = self._t(name + "/weights", [], kind="weights", value=w, fc=True)
        bt = self._t(name + "/bias", [w.shape[0]], kind="bias", value=b, input=x, weights=wt)
        y = self._act(name, F.linear(self.values[x], w, b))
        self._op("FULLY_CONNECTED", [x, wt, bt], [y], fused_activation="NONE")
        return y

    def softmax(self, name, x):
        y = self._act(name, torch.softmax(self.values[x], 1), quant=(1 / 256, -128))
        self._op("SOFTMAX", [x], [y], beta=1.0)
        return y

    def dequantize(self, name, x):
        y = self._act(name, self.values[x], dtype="FLOAT32", quant=None)
        self._op("DEQUANTIZE", [x], [y])
        return y


def trace(model, x):
    """Runs the folded network on x (N x 1 x 28 x 28) through a Tracer; returns (tracer, probabilities)."""
    t = Tracer()
    h = t.image(x)
    w, b = fold_bn(model.stem)
    h = t.relu6("stem/relu6", t.conv("stem/conv", h, w, b, stride=2, clip6=True))
    for n, blk in enumerate(model.blocks):
        p = f"block{n + 1}"
        inp = h
        w, b = fold_bn(blk.expand)
        h = t.relu6(p + "/expand/relu6", t.conv(p + "/expand", h, w, b, clip6=True))
        w, b = fold_bn(blk.dw)
        h = t.relu6(p + "/dw/relu6", t.conv(p + "/dw", h, w, b, stride=blk.dw.stride, depthwise=True, clip6=True))
        s = t.mean_hw(p + "/se/squeeze", h, keep_dims=True)
        s = t.conv(p + "/se/reduce", s, blk.se_reduce.weight.detach(), blk.se_reduce.bias.detach(), act="RELU")
        s = t.conv(p + "/se/expand", s, blk.se_expand.weight.detach(), blk.se_expand.bias.detach())
        s = t.logistic(p + "/se/sigmoid", s)
        h = t.mul(p + "/se/excite", h, s)
        w, b = fold_bn(blk.project)
        h = t.conv(p + "/project", h, w, b)
        if blk.residual:
            h = t.add(p + "/add", h, inp)
    w, b = fold_bn(model.head)
    h = t.relu6("head/relu6", t.conv("head/conv", h, w, b, clip6=True))
    h = t.mean_hw("head/pool", h, keep_dims=False)
    h = t.fc("head/fc", h, model.fc.weight.detach(), model.fc.bias.detach())
    h = t.softmax("head/softmax", h)
    out = t.dequantize("probabilities", h)
    return t, t.values[out]


# ---------------------------------------------------------------------------
# Post-training int8 quantization with TFLite's rules.


def round_away(x):
    """std::round (halves away from zero), which TFLite's quantizer uses; numpy's round goes to even."""
    x = np.asarray(x, dtype=np.float64)
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def asym_params(lo, hi):
    """TFLite's GetAsymmetricQuantizationParams for int8, in float32: range widened to include 0,
    scale (max - min) / 255, zero point -128 - min / scale rounded and clamped."""
    lo, hi = np.float32(min(lo, 0.0)), np.float32(max(hi, 0.0))
    scale = np.float32((hi - lo) / np.float32(255.0))
    if scale == 0:
        return 1.0, 0
    zp_from_min = np.float32(-128.0) - lo / scale
    zp = int(min(127, max(-128, round_away(zp_from_min))))
    return float(scale), zp


def symmetric_scales(w, axes):
    """Symmetric int8 weight scales, max|w| / 127 over `axes` (TFLite: zero point 0, range [-127, 127])."""
    m = np.abs(w).max(axis=axes) if axes else np.array([np.abs(w).max()])
    return (np.maximum(m, 1e-12) / 127.0).astype(np.float32)


def quantize(t):
    """Quantization parameters of every tensor of the traced graph, and the bytes of the constants."""
    q = {}
    for i, d in enumerate(t.tensors):  # activations: fixed where TFLite fixes them, else calibrated
        if d["kind"] != "act" or "like" in d:
            continue
        if "quant" in d:
            q[i] = d["quant"] and (float(np.float32(d["quant"][0])), d["quant"][1])
        else:
            q[i] = asym_params(t.lo[i], t.hi[i])
    for i, d in enumerate(t.tensors):  # MINIMUM/MAXIMUM: output quantization = input quantization
        if "like" in d:
            q[i] = q[d["like"]]
    data, wscale = {}, {}
    for i, d in enumerate(t.tensors):
        if d["kind"] == "weights":
            w = d["value"].numpy().astype(np.float32)
            if d.get("fc"):  # FULLY_CONNECTED: per-tensor
                s = symmetric_scales(w, None)
                wq = np.clip(round_away(w / s[0]), -127, 127).astype(np.int8)  # [units, depth]
                qdim = 0
            else:  # CONV_2D / DEPTHWISE_CONV_2D: per output channel
                s = symmetric_scales(w, (1, 2, 3))
                wq = np.clip(round_away(w / s[:, None, None, None]), -127, 127).astype(np.int8)
                if d["depthwise"]:
                    wq, qdim = wq.transpose(1, 2, 3, 0), 3  # [C, 1, kh, kw] -> [1, kh, kw, C]
                else:
                    wq, qdim = wq.transpose(0, 2, 3, 1), 0  # [O, I, kh, kw] -> [O, kh, kw, I]
            d["shape"] = list(wq.shape)
            data[i] = np.ascontiguousarray(wq).tobytes()
            wscale[i] = s
            q[i] = ([float(x) for x in s], qdim)
        elif d["kind"] == "scalar":  # MINIMUM/MAXIMUM bound, in its partner's quantization
            sc, zp = q[d["like"]]
            data[i] = np.array([np.clip(round_away(d["value"] / sc) + zp, -128, 127)], dtype=np.int8).tobytes()
            q[i] = (sc, zp)
        elif d["kind"] == "int32":
            data[i] = np.array(d["value"], dtype=np.int32).tobytes()
            q[i] = None
    for i, d in enumerate(t.tensors):  # biases: int32, scale input scale x weight scale, zero point 0
        if d["kind"] != "bias":
            continue
        bs = (np.float32(q[d["input"]][0]) * wscale[d["weights"]]).astype(np.float32)
        b = d["value"].numpy().astype(np.float64)
        bb = bs if len(bs) > 1 else np.full(len(b), bs[0], dtype=np.float32)
        data[i] = np.clip(round_away(b / bb), -(2**31), 2**31 - 1).astype(np.int32).tobytes()
        q[i] = ([float(x) for x in bs], 0)
    return q, data


def write_spec(t, q, data, spec_path, description):
    """The JSON + .bin description `hilbench model-build` turns into a .tflite."""
    bin_path = os.path.splitext(spec_path)[0] + ".bin"
    blob = bytearray()
    tensors = []
    for i, d in enumerate(t.tensors):
        e = {"name": d["name"], "shape": d["shape"]}
        kind = d["kind"]
        if kind == "act":
            e["type"] = d.get("dtype", "INT8")
        else:
            e["type"] = {"weights": "INT8", "scalar": "INT8", "bias": "INT32", "int32": "INT32"}[kind]
        qi = q.get(i)
        if qi is not None:
            if isinstance(qi[0], list):
                e["quantization"] = {"scale": qi[0], "zero_point": [0] * len(qi[0]), "quantized_dimension": qi[1]}
            else:
                e["quantization"] = {"scale": [qi[0]], "zero_point": [qi[1]]}
        if i in data:
            while len(blob) % 16:
                blob.append(0)
            e["data"] = {"offset": len(blob), "size": len(data[i])}
            blob += data[i]
        tensors.append(e)
    spec = {
        "description": description,
        "data_file": os.path.basename(bin_path),
        "tensors": tensors,
        "operators": t.ops,
        "inputs": [0],
        "outputs": [len(t.tensors) - 1],
    }
    with open(spec_path, "w") as f:
        json.dump(spec, f, indent=1)
    with open(bin_path, "wb") as f:
        f.write(blob)


# ---------------------------------------------------------------------------


def run(cmd, ok_codes=(0,)):
    log("$ " + " ".join(cmd))
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in ok_codes:
        sys.stderr.write(r.stdout + r.stderr)
        raise SystemExit(f"command failed ({r.returncode}): {' '.join(cmd)}")
    return r.stdout


def main():
    global LOG
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dataset", default="/usr/share/datasets/fashion-mnist")
    ap.add_argument("--hilbench", default="build/hilbench", help="hilbench binary (for model-build and run)")
    ap.add_argument("--out", default=os.path.join(HERE, MODEL_NAME + ".tflite"))
    ap.add_argument("--log", default=os.path.join(HERE, "training.log"))
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--lr", type=float, default=5e-3)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--calib", type=int, default=500, help="training images used to calibrate activation ranges")
    ap.add_argument("--train-images", type=int, default=0, help="train on the first N images only (quick checks)")
    ap.add_argument("--checkpoint", default="", help="save the float model here / reuse it if it exists")
    ap.add_argument("--skip-eval-int8", action="store_true", help="do not run the 10k int8 evaluation")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    LOG = open(args.log, "w")
    log(f"# {MODEL_NAME}: training log")
    log(f"# {time.strftime('%Y-%m-%d %H:%M:%S')}  torch {torch.__version__}  numpy {np.__version__}  "
        f"threads {args.threads}  seed {args.seed}")
    log("# command: " + " ".join([os.path.basename(sys.argv[0])] + sys.argv[1:]))

    xtr, ytr = load_split(args.dataset, "train")
    xte, yte = load_split(args.dataset, "t10k")
    if args.train_images:
        xtr, ytr = xtr[: args.train_images], ytr[: args.train_images]
    log(f"data: train {xtr.shape} test {xte.shape} from {args.dataset}")

    model = EffNetLC()
    nparams = sum(p.numel() for p in model.parameters())
    log(f"model: EfficientNet-LC style, stem {STEM}, blocks (expand, channels, stride) {BLOCKS}, head {HEAD}; "
        f"{nparams} trainable parameters (before BatchNorm folding)")
    if args.checkpoint and os.path.exists(args.checkpoint):
        ck = torch.load(args.checkpoint)
        model.load_state_dict(ck["state"])
        log(f"float model loaded from {args.checkpoint}; its training log:")
        for line in ck["log"]:
            log("  " + line)
    else:
        t0 = time.time()
        TRAIN_LOG.clear()
        resume = os.path.join(tempfile.gettempdir(), f"{MODEL_NAME}-seed{args.seed}-e{args.epochs}-b{args.batch}"
                              f"-n{len(xtr)}.resume.pt")
        train(model, xtr, ytr, args.epochs, args.batch, args.lr, args.seed, resume)
        log(f"training took {time.time() - t0:.0f} s")
        if args.checkpoint:
            torch.save({"state": model.state_dict(), "log": list(TRAIN_LOG)}, args.checkpoint)
        os.remove(resume)
    model.eval()

    float_acc = (predict(model, xte) == yte).mean()
    log(f"float top-1 (PyTorch, 10000 test images): {100 * float_acc:.2f}%")
    folded_pred = predict(lambda x: trace(model, x)[1], xte)
    folded_acc = (folded_pred == yte).mean()
    log(f"float top-1 of the folded graph that gets quantized: {100 * folded_acc:.2f}%")

    # Calibration: evenly spaced training images.
    idx = np.linspace(0, len(xtr) - 1, args.calib).astype(np.int64)
    with torch.no_grad():
        t, _ = trace(model, to_float(xtr[idx]))
    t.observe()
    q, data = quantize(t)
    ops = {}
    for o in t.ops:
        ops[o["op"]] = ops.get(o["op"], 0) + 1
    log(f"graph: {len(t.ops)} ops {dict(sorted(ops.items()))}, {len(t.tensors)} tensors; "
        f"calibrated on {args.calib} training images")

    work = tempfile.mkdtemp(prefix="hb_fmnist_")
    try:
        spec = os.path.join(work, MODEL_NAME + ".json")
        desc = (f"{MODEL_NAME}: EfficientNet-LC-style Fashion-MNIST classifier, hilbench models/fashion-mnist/train.py "
                f"(seed {args.seed}, {args.epochs} epochs); float top-1 {100 * float_acc:.2f}%")
        write_spec(t, q, data, spec, desc)
        out = run([args.hilbench, "model-build", spec, args.out])
        log(out.strip())
        log(f"wrote {args.out} ({os.path.getsize(args.out)} bytes)")
        if not args.skip_eval_int8:
            db = os.path.join(work, "eval.db")
            # Exit status 1 means device and host outputs differ: still a result, reported below.
            res = run([args.hilbench, "run", "--model", args.out, "--dataset", args.dataset, "--limit", "0",
                       "--db", db, "--json", "--no-progress"], ok_codes=(0, 1))
            r = json.loads(res)
            r = r[0] if isinstance(r, list) else r
            keys = ["images", "labelled", "top1_host", "top1_device", "compared", "bit_exact", "board", "model_sha256"]
            log("hilbench run: " + json.dumps({k: r.get(k) for k in keys}))
            int8_acc = r["top1_host"]
            log(f"int8 top-1 (hilbench host engine, {r['labelled']} test images): {100 * int8_acc:.2f}%  "
                f"(emulated board '{r['board']}': {100 * r['top1_device']:.2f}%, "
                f"{r['bit_exact']}/{r['compared']} outputs bit-exact with the host)")
            log(f"int8 - float: {100 * (int8_acc - float_acc):+.2f} points")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    LOG.close()


if __name__ == "__main__":
    main()

#!/usr/bin/env node
// Runs .tflite files written by hilbench on TensorFlow Lite itself (the WASM
// build of TFLite that @tensorflow/tfjs-tflite ships, loaded directly in
// Node) and compares every output with hilbench's host engine
// (`hilbench infer --json`). Proves that the writer's files are standard
// TFLite models, not just files our own reader accepts.
//
//   node check.js [--hilbench PATH] [--dataset DIR] [--count N] MODEL.tflite...
//
// A model whose input is uint8 [1, 28, 28, 1] gets N evenly spaced
// Fashion-MNIST test images (top-1 against the labels is reported for both
// runtimes); any other model gets N seeded random input tensors.
// Exit status 1 if TFLite rejects a model, if a classifier's top-1 agreement
// is below 99%, or if an integer output differs by more than one quantum.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const {execFileSync} = require('child_process');

const WASM_DIR = path.join(__dirname, 'node_modules', '@tensorflow', 'tfjs-tflite', 'wasm');

function parseArgs(argv) {
  const a = {hilbench: 'build/hilbench', dataset: '/usr/share/datasets/fashion-mnist', count: 200, models: []};
  for (let i = 0; i < argv.length; ++i) {
    const k = argv[i];
    if (k === '--hilbench') a.hilbench = argv[++i];
    else if (k === '--dataset') a.dataset = argv[++i];
    else if (k === '--count') a.count = parseInt(argv[++i], 10);
    else if (k.startsWith('--')) throw new Error(`unknown option ${k}`);
    else a.models.push(k);
  }
  if (!a.models.length) throw new Error('usage: node check.js [--hilbench PATH] [--dataset DIR] [--count N] MODEL.tflite...');
  return a;
}

// IDX (big-endian header, gzip): what Debian's dataset-fashion-mnist installs.
function readIdx(file) {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  const ndim = raw[3];
  const dims = [];
  for (let d = 0; d < ndim; ++d) dims.push(raw.readUInt32BE(4 + 4 * d));
  return {dims, data: raw.subarray(4 + 4 * ndim)};
}

// TFLite's C++ API, compiled to WASM; the factory wants the .wasm bytes handed in under Node.
async function loadTflite() {
  const factory = require(path.join(WASM_DIR, 'tflite_web_api_cc.js'));
  return factory({wasmBinary: fs.readFileSync(path.join(WASM_DIR, 'tflite_web_api_cc.wasm'))});
}

function tfliteRunner(M, file) {
  const buf = fs.readFileSync(file);
  const p = M._malloc(buf.length);  // the runner keeps pointing at it: not freed
  M.HEAPU8.set(buf, p);
  const r = M.TFLiteWebModelRunner.CreateFromBufferAndOptions(p, buf.length,
      {numThreads: 1, enableProfiling: false, maxProfilingBufferEntries: 1024});
  if (!r.ok()) throw new Error(`TFLite rejects ${file}: ${r.errorMessage()}`);
  return r.value();
}

function hilbenchInfer(hilbench, model, bytes, tmp) {
  fs.writeFileSync(tmp, bytes);
  const out = execFileSync(hilbench, ['infer', '--model', model, '--input', tmp, '--json'], {encoding: 'utf8'});
  return JSON.parse(out).values;
}

function out0Type(runner) {
  return runner.GetOutputs().get(0).dataType;
}

function argmax(v) {
  let best = 0;
  for (let i = 1; i < v.length; ++i) if (v[i] > v[best]) best = i;
  return best;
}

function lcg(seed) {  // small seeded generator: same inputs every run
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24;
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const M = await loadTflite();
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hb-interop-')), 'input.bin');
  let failed = false;
  for (const model of a.models) {
    let runner;
    try {
      runner = tfliteRunner(M, model);
    } catch (e) {
      console.log(`${path.basename(model)}: FAIL: ${e.message}`);
      failed = true;
      continue;
    }
    const input = runner.GetInputs().get(0);
    const view = input.data();  // typed array over the interpreter's input buffer
    const bytesPerElem = view.BYTES_PER_ELEMENT;
    const nbytes = view.length * bytesPerElem;
    const isImage = input.dataType === 'uint8' && input.shape === '1,28,28,1';
    let images = null, labels = null;
    if (isImage) {
      images = readIdx(path.join(a.dataset, 't10k-images-idx3-ubyte.gz'));
      labels = readIdx(path.join(a.dataset, 't10k-labels-idx1-ubyte.gz')).data;
    }
    const rnd = lcg(12345);
    const n = a.count;
    let agree = 0, exact = 0, maxDiff = 0, correctTfl = 0, correctHb = 0;
    for (let k = 0; k < n; ++k) {
      let bytes;
      let label = -1;
      if (isImage) {
        const idx = Math.floor(k * (images.dims[0] - 1) / Math.max(1, n - 1));  // evenly spaced
        bytes = Buffer.from(images.data.subarray(idx * 784, idx * 784 + 784));
        label = labels[idx];
      } else {
        bytes = Buffer.alloc(nbytes);
        for (let i = 0; i < nbytes; ++i) bytes[i] = rnd();
      }
      new Uint8Array(view.buffer, view.byteOffset, nbytes).set(bytes);
      if (!runner.Infer()) throw new Error(`${model}: TFLite inference failed`);
      const out = Array.from(runner.GetOutputs().get(0).data());
      const ref = hilbenchInfer(a.hilbench, model, bytes, tmp);
      let same = out.length === ref.length;
      for (let i = 0; i < Math.min(out.length, ref.length); ++i) {
        const d = Math.abs(out[i] - ref[i]);
        if (d > maxDiff) maxDiff = d;
        if (d !== 0) same = false;
      }
      exact += same ? 1 : 0;
      agree += argmax(out) === argmax(ref) ? 1 : 0;
      if (label >= 0) {
        correctTfl += argmax(out) === label ? 1 : 0;
        correctHb += argmax(ref) === label ? 1 : 0;
      }
    }
    const pct = (x) => (100 * x / n).toFixed(1) + '%';
    const integer = !(out0Type(runner) === 'float32');
    let line = `${path.basename(model)}: ${n} inputs, identical outputs ${pct(exact)}, ` +
               `max |diff| ${integer ? maxDiff + ' quanta' : maxDiff.toPrecision(3)}`;
    // Classifiers: the labels decide. Other models: TFLite's optimized
    // kernels may round differently from the reference kernels hilbench
    // reproduces, but never by more than one output quantum.
    let ok = true;
    if (isImage) {
      line += `, top-1 agreement ${pct(agree)}; top-1 vs labels: TFLite ${pct(correctTfl)}, hilbench ${pct(correctHb)}`;
      ok = agree >= 0.99 * n;
    } else if (integer) {
      ok = maxDiff <= 1;
    }
    if (!ok) failed = true;
    console.log(line + (ok ? '' : '  FAIL'));
  }
  fs.rmSync(path.dirname(tmp), {recursive: true, force: true});
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e.message || e);
  process.exit(2);
});

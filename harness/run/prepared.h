// Phase 1 of a run, done once for every board: the model read and imported
// into a plan, the dataset opened and its manifest hashed, the samples
// selected. Immutable once made; every board thread reads it. Inputs are
// preprocessed on demand (they may not all fit in memory); host reference
// outputs are computed once per sample, whichever board asks first, and kept
// (they are small) for every other board.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/preprocess.h"
#include "data/validate.h"
#include "model/graph.h"
#include "model/importer.h"
#include "run/host_reference.h"
#include "run/run_options.h"

extern "C" {
#include "nn/plan_format.h"
}

namespace hb::run {

struct Prepared {
  model::Graph graph;
  std::string model_sha;  // sha256 of the .tflite file (the plan carries it)
  model::Plan plan;
  hb_tensor input{}, output{};
  data::InputSpec spec;
  std::vector<std::string> op_kinds;  // per plan op, for per-op rows
  std::unique_ptr<data::Dataset> dataset;
  std::string manifest;                   // dataset manifest sha256
  std::vector<size_t> picks;              // dataset index of each run position (the run's sample idx)
  std::string picks_sha;                  // sha256 over the picked sample ids: "selected samples" for --resume
  std::vector<data::Unreadable> skipped;  // --skip-unreadable: left out of picks, stored with the run
  RunOptions options;                     // the board field is ignored: each board thread has its own

  // Preprocessed input of run position `pos`. Thread-safe.
  std::vector<uint8_t> input_bytes(size_t pos) const;

 private:
  mutable std::mutex load_mu_;  // dataset readers are not promised to be thread-safe
};

// Reads, imports and selects; throws hb::Error (exit 2) naming the file.
std::unique_ptr<Prepared> prepare(const RunOptions& o);

// Host reference outputs shared by the boards of one job: each sample's
// output is computed once (on all cores) and handed to every board that asks.
class SharedReference {
 public:
  SharedReference(const Prepared& p, unsigned threads);
  // Queues sample `pos` unless it was queued before; `input` is its bytes.
  void want(size_t pos, const std::vector<uint8_t>& input);
  // Blocks until `pos` is computed (want() must have been called).
  std::vector<uint8_t> get(size_t pos);
  unsigned threads() const { return host_.threads(); }

 private:
  HostReference host_;
  std::unique_ptr<std::atomic<bool>[]> queued_;
  size_t n_;
};

// Evenly spaced subset of [0, n) of size `limit` (all when limit <= 0 or >= n):
// deterministic, and it covers every class of a class-sorted ImageFolder.
std::vector<size_t> select_samples(size_t n, long limit);

}  // namespace hb::run

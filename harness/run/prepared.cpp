#include "run/prepared.h"

#include <cstdio>

#include "common/error.h"
#include "common/sha256.h"
#include "model/host_engine.h"

namespace hb::run {
namespace {

data::InputSpec input_spec(const hb_tensor& t, const std::string& model) {
  if (t.ndim != 4 || t.dims[0] != 1)
    throw Error(model + ": input must be an image tensor [1,H,W,C], got " + std::to_string(t.ndim) + " dims");
  data::InputSpec s;
  s.height = t.dims[1];
  s.width = t.dims[2];
  s.channels = t.dims[3];
  switch (t.dtype) {
    case HB_DT_UINT8:
      s.dtype = data::DType::uint8;
      break;
    case HB_DT_INT8:
      s.dtype = data::DType::int8;
      break;
    case HB_DT_FLOAT32:
      s.dtype = data::DType::float32;
      break;
    default:
      throw Error(model + ": input type not supported for datasets");
  }
  s.scale = t.scale;
  s.zero_point = t.zero_point;
  return s;
}

// Every selected sample is decoded before any board is touched
// (data/validate.h): fails with every unreadable one listed, or
// (--skip-unreadable) drops them from picks and returns them, to be stored
// with the run.
std::vector<data::Unreadable> check_dataset(const data::Dataset& ds, std::vector<size_t>& picks, const RunOptions& o,
                                            const data::InputSpec& spec) {
  std::vector<data::Unreadable> bad = data::find_unreadable(ds, picks, o.preprocess, spec, o.host_threads);
  if (bad.empty()) return bad;
  if (!o.skip_unreadable || bad.size() == picks.size())
    throw Error(data::unreadable_message(o.dataset, bad, picks.size()));
  std::vector<size_t> keep;
  size_t b = 0;
  for (size_t i : picks) {
    if (b < bad.size() && bad[b].index == i) {
      ++b;
      continue;
    }
    keep.push_back(i);
  }
  picks = std::move(keep);
  std::fprintf(stderr, "%s: skipping %zu unreadable sample(s):\n", o.dataset.c_str(), bad.size());
  for (const auto& u : bad) std::fprintf(stderr, "  %s: %s\n", u.id.c_str(), u.reason.c_str());
  return bad;
}

}  // namespace

std::vector<size_t> select_samples(size_t n, long limit) {
  std::vector<size_t> v;
  if (limit <= 0 || static_cast<size_t>(limit) >= n) {
    for (size_t i = 0; i < n; ++i) v.push_back(i);
    return v;
  }
  const size_t k = static_cast<size_t>(limit);
  for (size_t j = 0; j < k; ++j) v.push_back(j * n / k);
  return v;
}

std::unique_ptr<Prepared> prepare(const RunOptions& o) {
  if (o.model.empty()) throw Error("no --model given");
  if (o.dataset.empty()) throw Error("no --dataset given");
  auto p = std::make_unique<Prepared>();
  p->options = o;
  p->graph = model::read_tflite(o.model);
  p->model_sha = sha256_hex(p->graph.file);
  p->plan = model::import_graph(p->graph, p->model_sha);
  const model::HostEngine probe(p->plan.blob);
  p->input = probe.input();
  p->output = probe.output();
  p->spec = input_spec(p->input, o.model);
  for (uint32_t i = 0; i < probe.plan().hdr->n_ops; ++i)
    p->op_kinds.push_back(p->graph.ops.at(probe.plan().ops[i].src_index).name());

  p->dataset = data::open_dataset(o.dataset);
  p->picks = select_samples(p->dataset->size(), o.limit);
  if (p->picks.empty()) throw Error(o.dataset + ": dataset has no samples");
  p->skipped = check_dataset(*p->dataset, p->picks, o, p->spec);
  p->manifest = p->dataset->manifest_hash();
  std::string ids;
  for (size_t i : p->picks) ids += p->dataset->samples()[i].id + '\n';
  p->picks_sha = sha256_hex(std::vector<uint8_t>(ids.begin(), ids.end()));
  return p;
}

std::vector<uint8_t> Prepared::input_bytes(size_t pos) const {
  const size_t i = picks.at(pos);
  data::Item item;
  {
    std::lock_guard<std::mutex> l(load_mu_);
    item = dataset->load(i);
  }
  return data::make_input(item, options.preprocess, spec, dataset->path() + "/" + dataset->samples()[i].id);
}

SharedReference::SharedReference(const Prepared& p, unsigned threads)
    : host_(p.plan.blob, threads), queued_(new std::atomic<bool>[p.picks.size()]), n_(p.picks.size()) {
  for (size_t i = 0; i < n_; ++i) queued_[i] = false;
}

void SharedReference::want(size_t pos, const std::vector<uint8_t>& input) {
  if (pos >= n_) throw Error("host reference: sample " + std::to_string(pos) + " out of range");
  if (!queued_[pos].exchange(true)) host_.submit(pos, input);
}

std::vector<uint8_t> SharedReference::get(size_t pos) { return host_.wait(pos); }

}  // namespace hb::run

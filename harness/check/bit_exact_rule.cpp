// Bit-exactness: the device must reproduce the host engine's output bytes for
// every sample; one differing byte fails the run (int8 kernels are exact).
#include "check/format.h"
#include "check/rules.h"

namespace hb::check {

RuleResult bit_exact_rule(
    const RunData& cand, const RunData* base,
    const std::function<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>(int64_t idx)>& mismatch_bytes) {
  RuleResult r;
  r.rule = "bit-exact";
  int64_t compared = 0, mismatches = 0, not_compared = 0;
  const store::SampleStat* first = nullptr;
  for (const auto& s : cand.samples) {
    if (!s.bit_exact) {
      ++not_compared;
      continue;
    }
    ++compared;
    if (!*s.bit_exact) {
      ++mismatches;
      if (!first || s.idx < first->idx) first = &s;
    }
  }
  r.data = {{"compared", compared}, {"mismatches", mismatches}, {"not_compared", not_compared}};
  if (base) {
    int64_t bc = 0, bm = 0;
    for (const auto& s : base->samples)
      if (s.bit_exact) ++bc, bm += !*s.bit_exact;
    r.data["baseline"] = {{"compared", bc}, {"mismatches", bm}};
  }
  if (compared == 0) {
    r.summary = "no sample was compared with the host engine";
    return r;
  }
  r.verdict = mismatches ? Verdict::Fail : Verdict::Pass;
  r.summary = fmt("%lld/%lld samples match the host engine byte for byte",
                  static_cast<long long>(compared - mismatches), static_cast<long long>(compared));
  if (not_compared) r.summary += fmt(" (%lld not compared)", static_cast<long long>(not_compared));
  if (!first) return r;
  nlohmann::json fm = {{"idx", first->idx}, {"sample_id", first->sample_id}};
  std::string line =
      fmt("first mismatch: sample %lld (%s)", static_cast<long long>(first->idx), first->sample_id.c_str());
  const auto [dev, host] = mismatch_bytes(first->idx);
  if (dev.empty() && !host.empty()) {
    line += ": the device gave no output";
  } else if (!dev.empty() || !host.empty()) {
    size_t k = 0;
    while (k < dev.size() && k < host.size() && dev[k] == host[k]) ++k;
    int64_t differing = 0;
    for (size_t i = 0; i < std::max(dev.size(), host.size()); ++i)
      differing += i >= dev.size() || i >= host.size() || dev[i] != host[i];
    fm["first_byte"] = k;
    fm["bytes_differing"] = differing;
    fm["output_bytes"] = host.size();
    if (k < dev.size() && k < host.size()) {
      line += fmt(": byte %zu of %zu is 0x%02x on the device, 0x%02x on the host; %lld bytes differ", k, host.size(),
                  dev[k], host[k], static_cast<long long>(differing));
      fm["device_byte"] = dev[k];
      fm["host_byte"] = host[k];
    } else {
      line += fmt(": device output is %zu bytes, host %zu", dev.size(), host.size());
    }
  }
  r.details.push_back(line);
  // The store keeps final outputs only; naming the op that diverged needs a
  // per-tensor dump on the board (compare with ../shared/golden-tensors).
  r.details.push_back("per-op outputs are not recorded in the store: the first diverging op cannot be named from it");
  r.data["first_mismatch"] = fm;
  r.data["per_op_outputs"] = false;
  return r;
}

}  // namespace hb::check

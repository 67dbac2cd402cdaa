#include "model/host_engine.h"

#include <cstring>
#include <string>

#include "common/error.h"

namespace hb::model {

std::string plan_rejected(hb_status s, const hb_plan& p) {
  std::string m = std::string("model plan rejected: ") + hb_status_str(s);
  if (p.bad_op != HB_NO_OP) m += " (op " + std::to_string(p.bad_op) + ")";
  return m;
}

HostEngine::HostEngine(const AlignedBytes& blob) {
  const hb_status s = hb_plan_open(&plan_, blob.data(), static_cast<uint32_t>(blob.size()));
  if (s != HB_OK) throw Error(plan_rejected(s, plan_));
  arena_.resize(plan_.hdr->arena_bytes ? plan_.hdr->arena_bytes : HB_PLAN_ALIGN);
}

std::vector<uint8_t> HostEngine::run(std::span<const uint8_t> in_bytes, hb_op_hook hook, void* user) {
  const hb_tensor& in = input();
  if (in_bytes.size() != in.bytes)
    throw Error("input is " + std::to_string(in_bytes.size()) + " bytes, the model expects " +
                std::to_string(in.bytes));
  std::memcpy(arena_.data() + in.offset, in_bytes.data(), in_bytes.size());
  const hb_status s = hb_run(&plan_, arena_.data(), static_cast<uint32_t>(arena_.size()), hook, user);
  if (s != HB_OK) throw Error(std::string("inference failed: ") + hb_status_str(s));
  const hb_tensor& out = output();
  return {arena_.data() + out.offset, arena_.data() + out.offset + out.bytes};
}

}  // namespace hb::model

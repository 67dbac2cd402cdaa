// The engine (target-fw/nn, the same C code the firmware runs) driven from
// the host: owns an aligned arena, writes the input, runs, returns the output.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/aligned_bytes.h"

extern "C" {
#include "nn/engine.h"
}

namespace hb::model {

// "model plan rejected: <why> (op N)" for a failed hb_plan_open.
std::string plan_rejected(hb_status s, const hb_plan& p);

class HostEngine {
 public:
  // Validates the plan (hb_plan_open); throws hb::Error on a bad plan.
  // The blob must outlive the engine.
  explicit HostEngine(const AlignedBytes& blob);

  const hb_tensor& input() const { return plan_.tensors[plan_.hdr->input_tensor]; }
  const hb_tensor& output() const { return plan_.tensors[plan_.hdr->output_tensor]; }
  const hb_plan& plan() const { return plan_; }

  // Runs one inference. input.size() must equal input().bytes. Returns the
  // raw output tensor bytes. Not thread-safe: one HostEngine per thread.
  std::vector<uint8_t> run(std::span<const uint8_t> input, hb_op_hook hook = nullptr, void* user = nullptr);

  // The arena after the last run (for per-tensor debugging in tests).
  const uint8_t* arena() const { return arena_.data(); }

 private:
  hb_plan plan_{};
  AlignedBytes arena_;
};

}  // namespace hb::model

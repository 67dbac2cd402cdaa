// `hilbench model plan` and `hilbench infer --plan` through the real binary:
// the written plan runs like the model, and a hostile plan file is refused
// with the firmware's validation (the status and the op index), exit 2.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_util.h"
#include "common/aligned_bytes.h"
#include "common/file_io.h"
#include "temp_dir.h"

extern "C" {
#include "nn/engine.h"
#include "nn/kernels/conv2d.h"
}

namespace {

namespace fs = std::filesystem;
using hb::test::hilbench;

const std::string kModel = (fs::path(HB_SOURCE_DIR) / "models/fashion-mnist/hb_effnet_lc_fmnist_int8.tflite").string();

TEST(CliPlan, WrittenPlanRunsLikeTheModel) {
  hb::test::TempDir dir;
  const std::string plan = dir.file("m.plan");
  auto r = hilbench({"model", "plan", kModel, plan});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ops"), std::string::npos) << r.out;

  const std::vector<uint8_t> bytes = hb::read_file(plan);
  hb::AlignedBytes blob;
  blob.assign(bytes.data(), bytes.size());
  hb_plan p{};
  ASSERT_EQ(hb_plan_open(&p, blob.data(), static_cast<uint32_t>(blob.size())), HB_OK);
  std::vector<uint8_t> input(p.tensors[p.hdr->input_tensor].bytes);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i * 37u + 11u);
  const std::string in = dir.file("in.bin");
  hb::write_file_atomic(in, input.data(), input.size());

  auto by_model = hilbench({"infer", "--model", kModel, "--input", in});
  auto by_plan = hilbench({"infer", "--plan", plan, "--input", in});
  ASSERT_EQ(by_model.exit_code, 0) << by_model.err;
  ASSERT_EQ(by_plan.exit_code, 0) << by_plan.err;
  EXPECT_EQ(by_plan.out, by_model.out);
}

TEST(CliPlan, HostilePlanIsRefusedWithTheOpIndex) {
  hb::test::TempDir dir;
  const std::string plan = dir.file("m.plan");
  ASSERT_EQ(hilbench({"model", "plan", kModel, plan}).exit_code, 0);
  const std::vector<uint8_t> bytes = hb::read_file(plan);
  hb::AlignedBytes blob;
  blob.assign(bytes.data(), bytes.size());
  auto* h = reinterpret_cast<hb_plan_header*>(blob.data());
  auto* ops = reinterpret_cast<hb_op*>(blob.data() + h->ops_off);
  uint32_t conv = 0;
  while (conv < h->n_ops && ops[conv].kind != HB_OP_CONV2D) ++conv;
  ASSERT_LT(conv, h->n_ops);
  // A per-channel shift array pointing past the blob, with a valid CRC.
  reinterpret_cast<hb_conv2d_params*>(blob.data() + ops[conv].params_off)->shift_off = h->total_bytes - 4;
  h->crc32 = hb_plan_crc(blob.data(), h->total_bytes);
  const std::string bad = dir.file("bad.plan");
  hb::write_file_atomic(bad, blob.data(), blob.size());
  const std::string in = dir.file("in.bin");
  std::ofstream(in, std::ios::binary) << "x";

  auto r = hilbench({"infer", "--plan", bad, "--input", in});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad + ": model plan rejected: model plan op params invalid (op " + std::to_string(conv) + ")"),
            std::string::npos)
      << r.err;

  auto usage = hilbench({"infer", "--plan", bad, "--model", kModel, "--input", in});
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace

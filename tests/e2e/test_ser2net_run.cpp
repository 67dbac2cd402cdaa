// A board on another host, flashed by someone else: the sim firmware runs a
// model on its pty, the real ser2net exports that pty (raw TCP and RFC 2217),
// and `hilbench run` reaches it through a "flash": {"method": "none"}
// descriptor. Bit-exact over both links; the wrong model is refused before a
// run is stored.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli_util.h"
#include "common/file_io.h"
#include "link/ser2net_rig.h"
#include "model/importer.h"
#include "temp_dir.h"

namespace hb::linktest {
namespace {

const std::string kSource = HB_SOURCE_DIR;
const std::string kFashion = kSource + "/models/fashion-mnist/hb_effnet_lc_fmnist_int8.tflite";
const std::string kResnet = kSource + "/models/mlperf-tiny/pretrainedResnet_quant.tflite";

// The model's plan, as a board flashed by another tool would hold it.
std::string plan_file(const fs::path& dir, const std::string& tflite) {
  const auto plan = hb::model::import_tflite(tflite);
  const fs::path p = dir / "plan.bin";
  hb::write_file_atomic(p.string(), plan.blob.data(), plan.blob.size());
  return p.string();
}

// boards/sim.json, turned into a board that someone else flashed and whose
// port ser2net exports.
std::string descriptor(const fs::path& dir, const std::string& kind, uint16_t port) {
  nlohmann::json d = nlohmann::json::parse(slurp(kSource + "/boards/sim.json"));
  d["name"] = "remote-sim";
  d["title"] = "sim board behind ser2net";
  d["flash"] = {{"method", "none"}};
  d["link"] = {{"kind", kind}, {"host", "127.0.0.1"}, {"port", port}, {"baud", 921600}};
  const fs::path p = dir / ("remote-sim-" + kind + ".json");
  std::ofstream(p) << d.dump(2);
  return p.string();
}

class Ser2netRun : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kSer2net)) GTEST_SKIP() << "ser2net not installed (ci/setup.sh installs it)";
    if (!fs::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
      GTEST_SKIP() << "Fashion-MNIST not installed (ci/setup.sh installs dataset-fashion-mnist)";
  }
  // hb-fw-sim running `tflite`, exported by ser2net.
  void start_board(const std::string& tflite) {
    sim_ = std::make_unique<SimBoard>(dir_.path(), plan_file(dir_.path(), tflite), "remote-sim");
    ASSERT_EQ(sim_->error(), "");
    ser2net_ = std::make_unique<Ser2net>(dir_.path(), sim_->link());
    ASSERT_EQ(ser2net_->error(), "");
  }
  std::string db() const { return (dir_.path() / "runs.db").string(); }

  hb::test::TempDir dir_;
  std::unique_ptr<SimBoard> sim_;
  std::unique_ptr<Ser2net> ser2net_;
};

TEST_F(Ser2netRun, BitExactOverRfc2217AndRawTcpFromAMethodNoneBoard) {
  start_board(kFashion);
  for (const auto& [kind, port] : {std::pair{std::string("rfc2217"), ser2net_->rfc2217_port()},
                                   std::pair{std::string("tcp"), ser2net_->raw_port()}}) {
    // The default job: the project's Fashion-MNIST model on its test set.
    const auto r = hb::test::hilbench(
        {"run", "--board", descriptor(dir_.path(), kind, port), "--limit", "20", "--json", "--db", db()}, 300);
    ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.out << r.err << "\nser2net: " << ser2net_->log()
                              << "\nsim: " << sim_->log();
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["board"], "remote-sim") << kind;
    EXPECT_EQ(j["images"], 20) << kind;
    EXPECT_EQ(j["bit_exact"], 20) << kind;
    EXPECT_EQ(j["top1_device"], j["top1_host"]) << kind;
    EXPECT_EQ(j["timer_source"], "clock") << kind;
  }
  // Two complete runs, no frame damaged by the Telnet layer on the way.
  const auto runs = hb::run_command({"sqlite3", db(), "SELECT count(*) FROM runs WHERE status = 'complete';"},
                                    std::chrono::seconds(20));
  EXPECT_EQ(runs.out, "2\n") << runs.err;
}

TEST_F(Ser2netRun, WrongModelIsRefusedWithExit2AndNoRunStored) {
  start_board(kResnet);  // "someone else" flashed ResNet-8; we ask for the Fashion-MNIST model
  const std::string board = descriptor(dir_.path(), "rfc2217", ser2net_->rfc2217_port());
  const auto r = hb::test::hilbench({"run", "--board", board, "--limit", "5", "--db", db()}, 300);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("board remote-sim runs model 'pretrainedResnet_quant'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("expected hb_effnet_lc_fmnist_int8.tflite"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("flash.method is none"), std::string::npos) << r.err;
  const auto runs = hb::run_command({"sqlite3", db(), "SELECT count(*) FROM runs;"}, std::chrono::seconds(20));
  EXPECT_EQ(runs.out, "0\n") << runs.err;

  // hilbench does not pretend to flash it.
  const auto f = hb::test::hilbench({"flash", "--board", board});
  EXPECT_EQ(f.exit_code, 2) << f.out << f.err;
  EXPECT_NE(f.err.find("board remote-sim: flash.method is none"), std::string::npos) << f.err;
}

}  // namespace
}  // namespace hb::linktest

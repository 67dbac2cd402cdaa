#include "cli/defaults.h"

#include <cstdlib>
#include <filesystem>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "common/error.h"
#include "common/install_paths.h"
#include "common/subprocess.h"

namespace hb::cli {

namespace fs = std::filesystem;

DefaultJob default_job() {
  DefaultJob d;
  const std::string root = models_root();  // installed, else the source tree
  d.model = root + "/fashion-mnist/hb_effnet_lc_fmnist_int8.tflite";
  d.dataset = "/usr/share/datasets/fashion-mnist";
  d.limit = 1000;
  if (fs::exists(d.model)) {
    if (!fs::exists(d.dataset + "/t10k-images-idx3-ubyte.gz"))
      throw Error(d.dataset +
                  ": Fashion-MNIST not installed (run ci/setup.sh, or apt-get install dataset-fashion-mnist)");
    return d;
  }
  // Until the project's own trained model is in the checkout: MLPerf Tiny
  // ResNet-8 on bundled unlabelled tensors (bit-exactness and timing only).
  d.model = root + "/mlperf-tiny/pretrainedResnet_quant.tflite";
  d.dataset = root + "/mlperf-tiny/samples";
  d.limit = 0;
  if (!fs::exists(d.model)) throw Error(d.model + ": bundled default model missing from this checkout");
  return d;
}

// The host-native board always; the QEMU boards when the emulator is
// installed and their firmware was built (a build without the cross
// toolchain still has a working default).
std::vector<std::string> default_boards() {
  std::vector<std::string> boards{"sim"};
  if (!have_program("qemu-system-arm")) return boards;
  for (const char* name : {"qemu-m7", "qemu-m33"})
    if (board::firmware_elf(board::find_board(name))) boards.push_back(name);
  return boards;
}

std::string default_db_path() {
  if (const char* e = std::getenv("HILBENCH_DB"); e && *e) return e;
  return "results/hilbench.db";
}

}  // namespace hb::cli

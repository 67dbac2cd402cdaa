// What `hilbench run` does with no arguments, and where results go.
#pragma once

#include <string>
#include <vector>

namespace hb::cli {

struct DefaultJob {
  std::string model;
  std::string dataset;
  long limit = 0;
};

// The bundled model (models/) and the Fashion-MNIST test set from Debian's
// dataset-fashion-mnist; throws hb::Error saying what to install if absent.
DefaultJob default_job();
// sim, plus the QEMU boards when qemu-system-arm is installed and their
// firmware was built.
std::vector<std::string> default_boards();
// $HILBENCH_DB, else results/hilbench.db.
std::string default_db_path();

}  // namespace hb::cli

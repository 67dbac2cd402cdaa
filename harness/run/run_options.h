// Everything `hilbench run` needs to know, from flags (or defaults).
#pragma once

#include <optional>
#include <string>

#include "data/preprocess.h"

namespace hb::run {

struct RunOptions {
  std::string board = "sim";
  std::string model;    // .tflite path
  std::string dataset;  // path understood by data::open_dataset
  long limit = 0;       // 0 = every sample; else an evenly spaced subset of this size
  data::Preprocess preprocess;
  std::string db = "results/hilbench.db";
  bool per_op = false;        // ask the firmware for per-op timer ticks
  bool progress = true;       // progress bar on stderr
  unsigned host_threads = 0;  // 0 = all cores
  std::string work_dir;       // scratch; default: a fresh temp folder
  int inference_timeout_s = 60;
  std::string lab;               // lab inventory (--lab; else $HILBENCH_LAB)
  int lock_wait_s = 300;         // how long to wait for a locked board (0 = not at all)
  bool skip_suspect = false;     // leave out instances whose last attempts failed
  int suspect_after = 3;         // failed attempts in a row that make an instance suspect
  bool skip_unreadable = false;  // run the readable samples; store the others with their reason
  int retries = 2;               // recoveries (reset + resend) allowed per sample
};

}  // namespace hb::run

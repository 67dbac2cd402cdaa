// `hilbench bench`: host engine throughput, measured side by side in one run
// (single thread vs one engine per core), so the printed ratio is free of
// machine-to-machine noise.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "cli/args.h"
#include "cli/commands.h"
#include "common/error.h"
#include "model/host_engine.h"
#include "model/importer.h"

namespace hb::cli {

const CommandSpec kBenchSpec{
    "bench",
    {"[--model M.tflite] [--seconds S] [--threads N] [--json]"},
    "host engine images/s: one thread and one engine per core, side by side in one run",
    "",
    {
        opt("model", "M.tflite", "model to time", "ST EfficientNet LC v1 224 from ../shared"),
        opt("seconds", "S", "seconds per measurement", "3"),
        opt("threads", "N", "threads of the second measurement", "all cores"),
        flag("json", "print as JSON"),
    },
    {},
    {},
    {"hilbench bench --model models/mlperf-tiny/pretrainedResnet_quant.tflite --seconds 2"},
};
namespace {

using Clock = std::chrono::steady_clock;

struct Result {
  long images = 0;
  double seconds = 0;
  double per_s() const { return seconds > 0 ? images / seconds : 0; }
};

Result measure(const model::Plan& plan, const std::vector<uint8_t>& input, int threads, double seconds) {
  std::atomic<long> images{0};
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      model::HostEngine eng(plan.blob);
      do {
        eng.run(input);
        images.fetch_add(1);
      } while (Clock::now() < deadline);
    });
  for (auto& th : pool) th.join();
  return {images.load(), std::chrono::duration<double>(Clock::now() - start).count()};
}

std::string default_model() {
  const std::string st =
      std::string(HB_SOURCE_DIR) + "/../shared/models/st-modelzoo/st_efficientnet_lc_v1_224_tfs_int8_flowers.tflite";
  if (std::filesystem::exists(st)) return st;
  throw Error("no --model given and ../shared/models/st-modelzoo is absent");
}

}  // namespace

int cmd_bench(const Argv& argv) {
  Args a(argv, kBenchSpec);
  const std::string path = a.get_or("model", "");
  const std::string model_path = path.empty() ? default_model() : path;
  const double seconds = a.get_double("seconds", 3.0);
  const int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int threads = static_cast<int>(a.get_int("threads", hw));
  if (seconds <= 0 || threads < 1) throw Error("--seconds and --threads must be positive");

  model::Plan plan = model::import_tflite(model_path);
  model::HostEngine probe(plan.blob);
  std::vector<uint8_t> input(probe.input().bytes);
  std::mt19937 rng(1);
  for (auto& b : input) b = static_cast<uint8_t>(rng());
  probe.run(input);  // warm up caches and page in the weights

  const Result one = measure(plan, input, 1, seconds);
  const Result many = measure(plan, input, threads, seconds);
  const double ratio = one.per_s() > 0 ? many.per_s() / one.per_s() : 0;
  if (a.flag("json")) {
    std::printf(
        "{\"model\":\"%s\",\"macs\":%lld,\"single_thread_images_per_s\":%.3f,\"single_thread_ms_per_image\":%.3f,"
        "\"threads\":%d,\"multi_thread_images_per_s\":%.3f,\"ratio\":%.3f}\n",
        std::filesystem::path(model_path).filename().c_str(), static_cast<long long>(plan.stats.macs), one.per_s(),
        1000.0 / one.per_s(), threads, many.per_s(), ratio);
  } else {
    std::printf("model: %s (%.1f M MACs)\n", std::filesystem::path(model_path).filename().c_str(),
                static_cast<double>(plan.stats.macs) / 1e6);
    std::printf("host engine, 1 thread:   %8.2f images/s  (%.2f ms/image, %ld images in %.1f s)\n", one.per_s(),
                1000.0 / one.per_s(), one.images, one.seconds);
    std::printf("host engine, %d threads: %8.2f images/s  (%ld images in %.1f s)\n", threads, many.per_s(), many.images,
                many.seconds);
    std::printf("ratio %d threads / 1 thread: %.2fx\n", threads, ratio);
  }
  return kExitOk;
}

}  // namespace hb::cli

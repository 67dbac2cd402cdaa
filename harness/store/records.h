// Plain records the run store reads and writes: what was run (board,
// firmware, model, dataset), the run itself, and its per-sample results.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hb::store {

enum class RunStatus { Running, Complete, Failed, Aborted };
std::string_view to_string(RunStatus s);         // "running", "complete", "failed", "aborted"
RunStatus parse_run_status(std::string_view s);  // throws hb::Error on anything else

struct Board {
  std::string name;  // unique key, e.g. "nucleo-h743zi"
  std::string core;  // "cortex-m7"
  int64_t clock_hz = 0;
  nlohmann::json descriptor = nlohmann::json::object();
};

struct FirmwareBuild {
  int64_t board_id = 0;
  std::string build_id;  // unique per board
  std::string config;    // toolchain / build configuration
  int64_t code_bytes = 0;
};

struct Model {
  std::string sha256;  // lowercase hex of the .tflite file; unique key
  std::string name;
  std::string path;
  nlohmann::json io = nlohmann::json::object();  // input/output tensor descriptions
  int64_t weight_bytes = 0;
  int64_t arena_bytes = 0;
};

struct Dataset {
  std::string manifest_sha256;  // lowercase hex; unique key
  std::string path;
  std::string kind;
  int64_t n_samples = 0;
  nlohmann::json class_names = nlohmann::json::array();
};

// What begin_run needs; uuid, host, pid and started_at are filled in by the store.
struct RunStart {
  std::optional<int64_t> board_id;     // null: host-only run
  std::optional<int64_t> firmware_id;  // must belong to board_id when both are set
  int64_t model_id = 0;
  std::optional<int64_t> dataset_id;                 // null: synthetic inputs
  nlohmann::json config = nlohmann::json::object();  // preprocessing, limit, options
  std::string git_rev;
  std::string timer_source;  // "dwt" | "systick-icount" | "pmu" | "clock"
  std::string time_unit;     // "cycles" | "instructions" | "ns" | ...
  int64_t timer_hz = 0;      // ticks per second; 0 when ticks are not time (instructions)
};

struct Sample {
  int64_t idx = 0;                     // position in the run, unique per run
  std::string sample_id;               // dataset file / id
  int64_t label = -1;                  // -1: unlabelled
  std::optional<int64_t> device_pred;  // top-1 class from the device; null: device gave no answer
  std::optional<int64_t> host_pred;    // top-1 class from the host engine; null: host not run
  std::optional<int64_t> ticks;        // device timer ticks for the inference
  std::vector<uint8_t> output;         // device output tensor bytes
  // Host engine output. The store keeps these bytes only when they differ from
  // `output` and gives equal bytes back on read; nullopt: host not run.
  std::optional<std::vector<uint8_t>> host_output;

  std::optional<bool> bit_exact() const {
    if (!host_output) return std::nullopt;
    return *host_output == output;
  }
};

// The columns of a sample that summaries need (no tensors).
struct SampleStat {
  int64_t idx = 0;
  std::string sample_id;
  int64_t label = -1;
  std::optional<int64_t> device_pred, host_pred;
  std::optional<bool> bit_exact;
  std::optional<int64_t> ticks;
};

struct OpTiming {
  int64_t sample_idx = 0;
  int64_t op_index = 0;  // position in the execution plan
  std::string op_kind;   // "CONV_2D", ...
  int64_t ticks = 0;
};

// A board that stopped answering, reset during a run (table recoveries).
struct Recovery {
  int64_t sample_idx = 0;  // the sample in flight (sent again afterwards)
  int64_t attempt = 1;     // 1 = first recovery for this sample
  std::string cause;       // "timeout", "link-dead", "rebooted", "link-lost", "process-died"
  std::string detail;      // the error that triggered it
  bool ok = false;         // the board answered HELLO with the right model afterwards
  std::string at;          // ISO-8601 UTC (filled in by the store)
};

using MetricValue = std::variant<int64_t, double, std::string>;
struct Metric {
  std::string key;  // "wire_bytes", "images_per_s", ...
  MetricValue value;
};

struct RunInfo {
  int64_t id = 0;
  std::string uuid;  // 32 hex digits, globally unique (survives `db merge`)
  RunStatus status = RunStatus::Running;
  std::optional<int64_t> board_id, firmware_id, dataset_id;
  int64_t model_id = 0;
  std::string board_name;      // "" when no board
  std::string firmware_build;  // "" when no firmware
  std::string model_name;
  std::string model_sha256;
  std::string dataset_path;  // "" when no dataset
  nlohmann::json config;
  std::string git_rev;
  std::string host;
  std::optional<int64_t> pid;
  std::string started_at;  // ISO-8601 UTC, "2025-01-31T12:00:00.000Z"
  std::optional<std::string> finished_at;
  std::string error;
  std::string timer_source;
  std::string time_unit;
  int64_t timer_hz = 0;
  nlohmann::json summary;  // null until finished
  int64_t n_samples = 0;   // rows in samples
};

struct RunDetail {
  RunInfo run;
  std::vector<Sample> samples;  // by idx
  std::vector<Metric> metrics;  // by key
};

struct RunFilter {
  int limit = 20;                    // <= 0: no limit
  std::optional<std::string> board;  // board name
  std::optional<std::string> model;  // model name or sha256 prefix
  std::optional<RunStatus> status;
  std::optional<std::string> git_rev;
};

}  // namespace hb::store

#include "run/runner.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "board/inventory.h"
#include "common/error.h"
#include "common/sha256.h"
#include "data/dataset.h"
#include "data/validate.h"
#include "flash/deployment.h"
#include "link/rfc2217_transport.h"
#include "link/serial_transport.h"
#include "link/tcp_transport.h"
#include "model/describe.h"
#include "model/host_engine.h"
#include "model/importer.h"
#include "run/board_health.h"
#include "run/cpu_affinity.h"
#include "run/git_rev.h"
#include "run/host_reference.h"
#include "run/progress.h"
#include "run/scoring.h"
#include "session/session.h"
#include "store/run_store.h"

namespace hb::run {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

data::InputSpec input_spec(const hb_tensor& t, const std::string& model) {
  if (t.ndim != 4 || t.dims[0] != 1)
    throw Error(model + ": input must be an image tensor [1,H,W,C], got " + std::to_string(t.ndim) + " dims");
  data::InputSpec s;
  s.height = t.dims[1];
  s.width = t.dims[2];
  s.channels = t.dims[3];
  switch (t.dtype) {
    case HB_DT_UINT8:
      s.dtype = data::DType::uint8;
      break;
    case HB_DT_INT8:
      s.dtype = data::DType::int8;
      break;
    case HB_DT_FLOAT32:
      s.dtype = data::DType::float32;
      break;
    default:
      throw Error(model + ": input type not supported for datasets");
  }
  s.scale = t.scale;
  s.zero_point = t.zero_point;
  return s;
}

// The descriptor's timer names, from the firmware's INFO.
std::string timer_name(uint8_t source) {
  switch (source) {
    case HBP_TIMER_DWT_CYCLES:
      return "dwt";
    case HBP_TIMER_SYSTICK_ICOUNT:
      return "systick-icount";
    case HBP_TIMER_PMU_CYCLES:
      return "pmu";
    case HBP_TIMER_CLOCK_NS:
      return "clock";
    default:
      return "unknown";
  }
}

std::unique_ptr<link::Transport> open_link(const board::Descriptor& d, const flash::LinkTarget& t) {
  if (t.kind == "serial") return std::make_unique<link::SerialTransport>(d.name, t.path, t.baud);
  if (t.kind == "tcp") return std::make_unique<link::TcpTransport>(d.name, t.host, t.port);
  if (t.kind == "rfc2217") return std::make_unique<link::Rfc2217Transport>(d.name, t.host, t.port, t.baud);
  throw Error("board " + d.name + ": unknown link kind '" + t.kind + "'");
}

std::string default_work_dir() {
  std::string tmpl = (fs::temp_directory_path() / "hilbench-run-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw Error("cannot create a temporary folder in " + fs::temp_directory_path().string());
  return tmpl;
}

struct WorkDir {
  std::string path;
  bool owned;
  ~WorkDir() {
    std::error_code ec;
    if (owned) fs::remove_all(path, ec);
  }
};

// Fails with every unreadable sample listed, or (--skip-unreadable) drops
// them from picks and returns them, to be stored with the run.
std::vector<data::Unreadable> check_dataset(const data::Dataset& ds, std::vector<size_t>& picks, const RunOptions& o,
                                            const data::InputSpec& spec) {
  std::vector<data::Unreadable> bad = data::find_unreadable(ds, picks, o.preprocess, spec, o.host_threads);
  if (bad.empty()) return bad;
  if (!o.skip_unreadable) throw Error(data::unreadable_message(o.dataset, bad, picks.size()));
  if (bad.size() == picks.size()) throw Error(data::unreadable_message(o.dataset, bad, picks.size()));
  std::vector<size_t> keep;
  size_t b = 0;
  for (size_t i : picks) {
    if (b < bad.size() && bad[b].index == i) {
      ++b;
      continue;
    }
    keep.push_back(i);
  }
  picks = std::move(keep);
  std::fprintf(stderr, "%s: skipping %zu unreadable sample(s):\n", o.dataset.c_str(), bad.size());
  for (const auto& u : bad) std::fprintf(stderr, "  %s: %s\n", u.id.c_str(), u.reason.c_str());
  return bad;
}

}  // namespace

std::vector<size_t> select_samples(size_t n, long limit) {
  std::vector<size_t> v;
  if (limit <= 0 || static_cast<size_t>(limit) >= n) {
    for (size_t i = 0; i < n; ++i) v.push_back(i);
    return v;
  }
  const size_t k = static_cast<size_t>(limit);
  for (size_t j = 0; j < k; ++j) v.push_back(j * n / k);
  return v;
}

RunOutcome execute_run(const RunOptions& o) {
  const board::Target target = board::resolve_target(o.board, board::lab_path(o.lab));
  const board::Descriptor desc = target.kind;
  if (o.model.empty()) throw Error("no --model given");
  if (o.dataset.empty()) throw Error("no --dataset given");
  const model::Graph graph = model::read_tflite(o.model);
  const std::string model_sha = sha256_hex(graph.file);
  const model::Plan plan = model::import_graph(graph, model_sha);
  const model::HostEngine probe(plan.blob);
  const hb_tensor in_t = probe.input();
  const hb_tensor out_t = probe.output();
  const data::InputSpec spec = input_spec(in_t, o.model);

  auto ds = data::open_dataset(o.dataset);
  std::vector<size_t> picks = select_samples(ds->size(), o.limit);
  if (picks.empty()) throw Error(o.dataset + ": dataset has no samples");
  // Every sample decoded before any board is touched (data/validate.h).
  const std::vector<data::Unreadable> skipped = check_dataset(*ds, picks, o, spec);

  store::RunStore db = store::RunStore::open(o.db);
  db.mark_stale_runs_aborted();
  const int64_t board_id = db.upsert_board({desc.name, desc.core, static_cast<int64_t>(desc.clock_hz), {}});
  nlohmann::json io{{"input", model::tensor_json(graph.tensors.at(static_cast<size_t>(graph.inputs.at(0))))},
                    {"output", model::tensor_json(graph.tensors.at(static_cast<size_t>(graph.outputs.at(0))))}};
  const int64_t model_id = db.upsert_model(
      {model_sha, fs::path(o.model).stem().string(), o.model, io, plan.stats.weight_bytes, plan.stats.arena_bytes});
  const int64_t dataset_id = db.upsert_dataset(
      {ds->manifest_hash(), o.dataset, ds->format(), static_cast<int64_t>(ds->size()), ds->class_names()});

  WorkDir work{o.work_dir.empty() ? default_work_dir() : o.work_dir, o.work_dir.empty()};
  // Bring the board up before the run row exists: a missing board is a usage
  // error, not a failed run.
  // Board health and lock (issue 10): leave out suspect instances, lock an
  // exclusive one before flashing; `claim` outlives `transport`, so the lock
  // is held until the link is closed.
  std::vector<int64_t> board_events;  // tied to the run once its row exists
  std::vector<std::string> instances;
  for (const auto& c : target.candidates) instances.push_back(c.instance);
  const auto suspect =
      o.skip_suspect ? store::suspect_instances(db, instances, o.suspect_after) : std::set<std::string>{};
  for (const auto& i : suspect)
    std::fprintf(stderr, "board %s: suspect (its last %d attempts failed), skipped\n", i.c_str(), o.suspect_after);
  if (!suspect.empty() && suspect.size() == instances.size())
    return RunOutcome{0, "every instance of " + o.board + " is suspect", {}};
  board::Claim claim =
      board::claim(target, "run", std::chrono::seconds(o.lock_wait_s), suspect,
                   [&](const std::string& m) { std::fprintf(stderr, "board %s: %s\n", o.board.c_str(), m.c_str()); });
  auto deployment = recorded_step(db, claim.board, "flash", board_events, true, [&] {
    return flash::deploy(claim.board, plan.blob, {work.path, 60});
  });
  auto transport = recorded_step(db, claim.board, "connect", board_events, false,
                                 [&] { return open_link(claim.board, deployment->link()); });
  session::Options sopt;
  sopt.on_log = [&](int level, const std::string& text) {
    if (level <= HBP_LOG_WARN) std::fprintf(stderr, "board %s: %s\n", desc.name.c_str(), text.c_str());
  };
  session::Session sess(*transport, sopt);
  const session::Info info = recorded_step(db, claim.board, "connect", board_events, true,
                                           [&] { return sess.hello(std::chrono::seconds(10)); });
  const std::string board_hash = to_hex(info.plan_hash);
  if (board_hash != model_sha)
    throw Error("board " + desc.name + " runs model '" + info.model_name + "' (sha256 " + board_hash.substr(0, 16) +
                "...), expected " + fs::path(o.model).filename().string() + " (sha256 " + model_sha.substr(0, 16) +
                "...)" +
                (desc.flash_method() == "none" ? "; flash.method is none: whoever flashes this board must put that "
                                                 "model on it (hilbench does not)"
                                               : ""));
  if (info.input.bytes != in_t.bytes)
    throw Error("board " + desc.name + ": input tensor is " + std::to_string(info.input.bytes) + " bytes, model has " +
                std::to_string(in_t.bytes));
  // A faster line rate, when the descriptor lists some (SET_BAUD).
  unsigned baud = transport->baud();
  if (desc.link.contains("bauds"))
    baud = sess.negotiate_baud(desc.link["bauds"].get<std::vector<unsigned>>(), std::chrono::seconds(1),
                               [&](unsigned rate, bool ok, const std::string& why) {
                                 if (!ok)
                                   std::fprintf(stderr, "board %s: %u Bd did not work (%s), staying at %u Bd\n",
                                                desc.name.c_str(), rate, why.c_str(), transport->baud());
                               });
  // Footprint of this run, for `check`: the firmware ELF's code when the board
  // has one (the image the flasher used), the plan and its arena.
  // A board flashed by someone else runs an image we never saw.
  int64_t code_bytes = 0;
  if (const auto elf = desc.flash_method() == "none" ? std::nullopt : board::firmware_elf(desc)) {
    try {
      code_bytes = static_cast<int64_t>(board::read_firmware(*elf).code_flash);
    } catch (const Error&) {  // unreadable ELF: the figure stays unknown
    }
  }
  const int64_t fw_id = db.upsert_firmware({board_id, info.fw_build, desc.port, code_bytes});

  store::RunStart start;
  start.board_id = board_id;
  start.firmware_id = fw_id;
  start.model_id = model_id;
  start.dataset_id = dataset_id;
  start.config = {{"board", desc.name},
                  {"model", o.model},
                  {"dataset", o.dataset},
                  {"limit", o.limit},
                  {"samples", picks.size()},
                  {"preprocess", o.preprocess.describe()},
                  {"per_op", o.per_op},
                  {"host_threads", o.host_threads},
                  {"board_file", desc.file},
                  {"instance", claim.board.instance},
                  {"fw_core_clock_hz", info.core_clock_hz}};
  if (!skipped.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& u : skipped) list.push_back({{"file", u.id}, {"reason", u.reason}});
    start.config["skipped_unreadable"] = list;
  }
  start.git_rev = git_revision();
  start.timer_source = timer_name(info.timer_source);
  start.time_unit = info.timer_unit;
  start.timer_hz = info.timer_hz;
  const int64_t run_id = db.begin_run(start);
  claim.lock.set_run_id(run_id);
  for (const int64_t ev : board_events) store::set_board_event_run(db, ev, run_id);
  db.set_metric(run_id, "plan_bytes", static_cast<int64_t>(plan.blob.size()));
  db.set_metric(run_id, "arena_bytes", static_cast<int64_t>(plan.stats.arena_bytes));
  if (code_bytes > 0) db.set_metric(run_id, "code_bytes", code_bytes);
  if (!skipped.empty()) db.set_metric(run_id, "skipped_unreadable", static_cast<int64_t>(skipped.size()));

  try {
    HostReference host(plan.blob, o.host_threads);
    // The harness thread (input preparation, link I/O) also keeps off the
    // board's CPU while it streams; restored after the run. After the
    // reference, which sizes itself from the unrestricted mask.
    ScopedHarnessAffinity isolate;
    std::vector<store::Sample> batch;
    std::vector<store::OpTiming> op_batch;
    Progress progress("run " + std::to_string(run_id) + " " + desc.name, picks.size(), o.progress);
    size_t done = 0, mismatches = 0;
    const bool per_op = o.per_op && info.has_per_op_timing();
    // Plan op kinds for per-op rows.
    std::vector<std::string> op_kinds;
    for (uint32_t i = 0; i < probe.plan().hdr->n_ops; ++i) {
      const hb_op& op = probe.plan().ops[i];
      op_kinds.push_back(graph.ops.at(op.src_index).name());
    }
    auto flush = [&] {
      if (!batch.empty()) db.add_samples(run_id, batch);
      if (!op_batch.empty()) db.add_op_timings(run_id, op_batch);
      batch.clear();
      op_batch.clear();
    };
    const auto t0 = Clock::now();
    sess.stream(
        picks.size(),
        [&](size_t i) {
          const std::string name = ds->path() + "/" + ds->samples()[picks[i]].id;
          std::vector<uint8_t> bytes = data::make_input(ds->load(picks[i]), o.preprocess, spec, name);
          host.submit(i, bytes);
          return bytes;
        },
        [&](session::Result&& r) {
          const size_t i = r.tag;
          const data::Sample& s = ds->samples()[picks.at(i)];
          store::Sample row;
          row.idx = static_cast<int64_t>(i);
          row.sample_id = s.id;
          row.label = s.label;
          std::vector<uint8_t> ref = host.wait(i);
          row.host_pred = argmax(out_t.dtype, ref);
          if (r.ok()) {
            row.device_pred = argmax(out_t.dtype, r.output);
            row.ticks = static_cast<int64_t>(r.ticks);
            row.output = std::move(r.output);
          } else {
            std::fprintf(stderr, "board %s: sample %zu (%s): status %s\n", desc.name.c_str(), i, s.id.c_str(),
                         session::result_status_name(r.status));
          }
          if (row.output != ref) ++mismatches;
          row.host_output = std::move(ref);
          for (size_t k = 0; k < r.op_ticks.size(); ++k)
            op_batch.push_back({row.idx, static_cast<int64_t>(k), k < op_kinds.size() ? op_kinds[k] : "?",
                                static_cast<int64_t>(r.op_ticks[k])});
          batch.push_back(std::move(row));
          if (batch.size() >= 64) flush();
          progress.update(++done, mismatches ? std::to_string(mismatches) + " mismatch(es)" : "");
        },
        session::StreamOptions{per_op, false, 0, std::chrono::milliseconds(o.inference_timeout_s * 1000)});
    flush();
    progress.finish();
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const session::Counters c = sess.counters();
    db.set_metric(run_id, "wire_bytes_sent", static_cast<int64_t>(c.bytes_sent));
    db.set_metric(run_id, "wire_bytes_received", static_cast<int64_t>(c.bytes_received));
    db.set_metric(run_id, "wire_bytes", static_cast<int64_t>(c.bytes_sent + c.bytes_received));
    db.set_metric(run_id, "retransmissions", static_cast<int64_t>(c.retransmissions));
    db.set_metric(run_id, "corrupt_frames", static_cast<int64_t>(c.corrupt_frames));
    db.set_metric(run_id, "images_per_s", static_cast<double>(picks.size()) / secs);
    db.set_metric(run_id, "stream_seconds", secs);
    db.set_metric(run_id, "host_threads", static_cast<int64_t>(host.threads()));
    // Link efficiency: input payload carried per second against the line's
    // byte rate (8N1: baud / 10), for links that have a rate.
    const double payload = static_cast<double>(picks.size()) * info.input.bytes;
    db.set_metric(run_id, "input_bytes", static_cast<int64_t>(info.input.bytes));
    db.set_metric(run_id, "payload_bytes_per_s", payload / secs);
    // An unpaced pty only names a rate: it moves bytes far faster.
    const bool real_rate = desc.link_kind() != "pty" || desc.link.value("paced", false);
    if (baud > 0 && real_rate) {
      db.set_metric(run_id, "link_baud", static_cast<int64_t>(baud));
      db.set_metric(run_id, "line_bytes_per_s", baud / 10.0);
    }
    db.finish_run(run_id, store::RunStatus::Complete);
  } catch (const std::exception& e) {
    db.finish_run(run_id, store::RunStatus::Failed, std::nullopt, e.what());
    throw;
  }
  RunOutcome out;
  out.run_id = run_id;
  return out;
}

}  // namespace hb::run

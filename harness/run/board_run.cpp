#include "run/board_run.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "common/cancel.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "flash/deployment.h"
#include "link/serial_transport.h"
#include "link/tcp_transport.h"
#include "model/describe.h"
#include "run/git_rev.h"
#include "run/recorder.h"
#include "run/recovery.h"
#include "run/resume.h"
#include "run/scoring.h"
#include "session/session.h"

namespace hb::run {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

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

std::string default_work_dir() {
  std::string tmpl = (fs::temp_directory_path() / "hilbench-run-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw Error("cannot create a temporary folder in " + fs::temp_directory_path().string());
  return tmpl;
}

// Removed with everything in it when the board's run ends, however it ends.
struct WorkDir {
  std::string path;
  bool owned;
  ~WorkDir() {
    std::error_code ec;
    if (owned) fs::remove_all(path, ec);
  }
};

// A protocol session over a fresh link to the deployed board. Replaced as a
// whole after a recovery (the link may have a new endpoint).
struct Connection {
  std::unique_ptr<link::Transport> transport;
  std::unique_ptr<session::Session> session;
  session::Info info;
};

Connection connect(const board::Descriptor& d, const flash::Deployment& dep, const Prepared& p, Progress& progress) {
  Connection c;
  const flash::LinkTarget t = dep.link();
  if (t.kind == "serial")
    c.transport = std::make_unique<link::SerialTransport>(d.name, t.path, t.baud);
  else if (t.kind == "tcp")
    c.transport = std::make_unique<link::TcpTransport>(d.name, t.host, t.port);
  else
    throw Error("board " + d.name + ": unknown link kind '" + t.kind + "'");
  session::Options so;
  const std::string name = d.name;
  so.on_log = [&progress, name](int level, const std::string& text) {
    if (level <= HBP_LOG_WARN) progress.message("board " + name + ": " + text);
  };
  c.session = std::make_unique<session::Session>(*c.transport, so);
  c.info = c.session->hello(std::chrono::seconds(10));
  const std::string board_hash = to_hex(c.info.plan_hash);
  if (board_hash != p.model_sha)
    throw Error("board " + d.name + " runs model '" + c.info.model_name + "' (sha256 " + board_hash.substr(0, 16) +
                "...), expected " + fs::path(p.options.model).filename().string() + " (sha256 " +
                p.model_sha.substr(0, 16) + "...)");
  if (c.info.input.bytes != p.input.bytes)
    throw Error("board " + d.name + ": input tensor is " + std::to_string(c.info.input.bytes) + " bytes, model has " +
                std::to_string(p.input.bytes));
  return c;
}

std::string firmware_sha(const board::Descriptor& d) {
  const auto elf = board::firmware_elf(d);
  if (!elf) return {};
  try {
    return sha256_hex(read_file(*elf));
  } catch (const Error&) {
    return {};
  }
}

// Everything after the run row exists. Returns the exit code of a finished
// run (0 or 1); throws on what ends it otherwise.
int stream_and_record(const Prepared& p, const board::Descriptor& desc, flash::Deployment& dep, Connection& conn,
                      Recorder& rec, SharedReference& ref, Progress& progress, size_t line, std::vector<size_t> todo) {
  const RunOptions& o = p.options;
  const size_t total = p.picks.size();
  size_t done = total - todo.size();
  size_t mismatches = 0;
  std::vector<int> attempts(total, 0);
  int recoveries = 0;
  bool callback_threw = false;  // an error of ours, not the board's: no recovery
  const auto t0 = Clock::now();
  uint64_t wire_sent = 0, wire_received = 0, retransmissions = 0, corrupt = 0;
  auto add_counters = [&] {
    const session::Counters c = conn.session->counters();
    wire_sent += c.bytes_sent;
    wire_received += c.bytes_received;
    retransmissions += c.retransmissions;
    corrupt += c.corrupt_frames;
  };
  progress.update(line, done, total);
  while (!todo.empty()) {
    size_t delivered = 0;  // of todo, this attempt
    const bool per_op = o.per_op && conn.info.has_per_op_timing();
    try {
      conn.session->stream(
          todo.size(),
          [&](size_t k) {
            try {
              std::vector<uint8_t> bytes = p.input_bytes(todo[k]);
              ref.want(todo[k], bytes);
              return bytes;
            } catch (...) {
              callback_threw = true;
              throw;
            }
          },
          [&](session::Result&& r) {
            try {
              const size_t pos = todo.at(r.tag);
              const data::Sample& s = p.dataset->samples()[p.picks[pos]];
              store::Sample row;
              row.idx = static_cast<int64_t>(pos);
              row.sample_id = s.id;
              row.label = s.label;
              std::vector<uint8_t> host = ref.get(pos);
              row.host_pred = argmax(p.output.dtype, host);
              if (r.ok()) {
                row.device_pred = argmax(p.output.dtype, r.output);
                row.ticks = static_cast<int64_t>(r.ticks);
                row.output = std::move(r.output);
              } else {
                progress.message("board " + desc.name + ": sample " + std::to_string(pos) + " (" + s.id + "): status " +
                                 session::result_status_name(r.status));
              }
              if (row.output != host) ++mismatches;
              row.host_output = std::move(host);
              std::vector<store::OpTiming> ops;
              for (size_t k = 0; k < r.op_ticks.size(); ++k)
                ops.push_back({row.idx, static_cast<int64_t>(k), k < p.op_kinds.size() ? p.op_kinds[k] : "?",
                               static_cast<int64_t>(r.op_ticks[k])});
              rec.add(std::move(row), std::move(ops));
              ++delivered;
              progress.update(line, ++done, total,
                              (mismatches ? std::to_string(mismatches) + " mismatch(es) " : std::string()) +
                                  (recoveries ? std::to_string(recoveries) + " recovery(ies)" : std::string()));
            } catch (...) {
              callback_threw = true;
              throw;
            }
          },
          session::StreamOptions{per_op, false, 0, std::chrono::milliseconds(o.inference_timeout_s * 1000)});
      add_counters();
      todo.clear();
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      if (callback_threw) throw;  // ours (a bad input file, the store): no reset helps
      const std::optional<std::string> cause = recoverable_cause(e, dep);
      if (!cause) throw Error(e.what(), kExitInfra);
      add_counters();
      todo.erase(todo.begin(), todo.begin() + static_cast<std::ptrdiff_t>(delivered));
      const size_t pos = todo.front();  // the sample in flight
      store::Recovery r;
      r.sample_idx = static_cast<int64_t>(pos);
      r.attempt = ++attempts[pos];
      r.cause = *cause;
      r.detail = e.what();
      if (r.attempt > o.retries)
        throw Error("board " + desc.name + ": sample " + std::to_string(pos) + " failed " + std::to_string(r.attempt) +
                        " times (--retries " + std::to_string(o.retries) + "), last: " + e.what(),
                    kExitInfra);
      progress.message("board " + desc.name + ": " + *cause + " at sample " + std::to_string(pos) +
                       ": resetting it (attempt " + std::to_string(r.attempt) + " of " + std::to_string(o.retries) +
                       ")");
      ++recoveries;
      rec.flush();  // what was verified is kept even if the reset fails
      conn = Connection{};
      try {
        dep.restart();
        conn = connect(desc, dep, p, progress);
        r.ok = true;
        rec.recovery(r);
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& again) {
        r.detail += std::string("; reset failed: ") + again.what();
        rec.recovery(r);
        throw Error("board " + desc.name + ": recovery after " + *cause + " at sample " + std::to_string(pos) +
                        " failed: " + again.what(),
                    kExitInfra);
      }
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
  rec.flush();
  rec.metric("wire_bytes_sent", static_cast<int64_t>(wire_sent));
  rec.metric("wire_bytes_received", static_cast<int64_t>(wire_received));
  rec.metric("wire_bytes", static_cast<int64_t>(wire_sent + wire_received));
  rec.metric("retransmissions", static_cast<int64_t>(retransmissions));
  rec.metric("corrupt_frames", static_cast<int64_t>(corrupt));
  rec.metric("images_per_s", secs > 0 ? static_cast<double>(done) / secs : 0.0);
  rec.metric("stream_seconds", secs);
  rec.metric("host_threads", static_cast<int64_t>(ref.threads()));
  rec.metric("recoveries", static_cast<int64_t>(recoveries));
  return mismatches ? kExitFailure : kExitOk;
}

// Marks an unfinished row aborted (a signal) or failed; a store that cannot
// be written is reported in the outcome, never thrown from a board thread.
void close_row(Recorder* rec, bool aborted, const std::string& why, BoardOutcome& out) noexcept {
  if (!rec || rec->finished()) return;
  try {
    if (aborted)
      rec->abort(why);
    else
      rec->fail(why);
  } catch (const std::exception& e) {
    out.error += std::string(" (and the run row could not be closed: ") + e.what() + ")";
  }
}

}  // namespace

BoardOutcome run_board(const Prepared& p, const BoardJob& job, SharedReference& ref, Progress& progress) {
  BoardOutcome out;
  out.board = job.board;
  const RunOptions& o = p.options;
  std::optional<store::RunStore> db;
  std::unique_ptr<Recorder> rec;
  try {
    const board::Descriptor desc = board::find_board(job.board);
    out.board = desc.name;
    db.emplace(store::RunStore::open(o.db));
    db->mark_stale_runs_aborted();
    const std::string fw_sha = firmware_sha(desc);
    if (job.resume) check_resumable(*db, *job.resume, p, desc, fw_sha);
    const int64_t board_id = db->upsert_board({desc.name, desc.core, static_cast<int64_t>(desc.clock_hz), {}});
    nlohmann::json io{{"input", model::tensor_json(p.graph.tensors.at(static_cast<size_t>(p.graph.inputs.at(0))))},
                      {"output", model::tensor_json(p.graph.tensors.at(static_cast<size_t>(p.graph.outputs.at(0))))}};
    const int64_t model_id = db->upsert_model({p.model_sha, fs::path(o.model).stem().string(), o.model, io,
                                               p.plan.stats.weight_bytes, p.plan.stats.arena_bytes});
    const int64_t dataset_id = db->upsert_dataset({p.manifest, o.dataset, p.dataset->format(),
                                                   static_cast<int64_t>(p.dataset->size()), p.dataset->class_names()});

    WorkDir work{o.work_dir.empty() ? default_work_dir() : o.work_dir + "/" + desc.name, o.work_dir.empty()};
    // Bring the board up before the run row exists: a missing board is a
    // usage error, not a failed run.
    auto dep = flash::deploy(desc, p.plan.blob, {work.path, 60});
    Connection conn = connect(desc, *dep, p, progress);
    // Footprint of this run, for `check`: the firmware ELF's code when the
    // board has one (the image the flasher used), the plan and its arena.
    int64_t code_bytes = 0;
    if (const auto elf = board::firmware_elf(desc)) {
      try {
        code_bytes = static_cast<int64_t>(board::read_firmware(*elf).code_flash);
      } catch (const Error&) {  // unreadable ELF: the figure stays unknown
      }
    }
    const int64_t fw_id = db->upsert_firmware({board_id, conn.info.fw_build, desc.port, code_bytes});

    std::vector<size_t> todo;
    if (job.resume) {
      check_resumed_firmware(*db, *job.resume, fw_id);
      rec = std::make_unique<Recorder>(*db, *job.resume);
      todo = missing_positions(*db, *job.resume, p.picks.size());
    } else {
      store::RunStart start;
      start.board_id = board_id;
      start.firmware_id = fw_id;
      start.model_id = model_id;
      start.dataset_id = dataset_id;
      start.config = {{"board", desc.name},
                      {"model", o.model},
                      {"dataset", o.dataset},
                      {"limit", o.limit},
                      {"samples", p.picks.size()},
                      {"preprocess", o.preprocess.describe()},
                      {"per_op", o.per_op},
                      {"host_threads", o.host_threads},
                      {"board_file", desc.file},
                      {"retries", o.retries},
                      {"samples_sha256", p.picks_sha},
                      {"dataset_manifest", p.manifest},
                      {"firmware_sha256", fw_sha}};
      start.git_rev = git_revision();
      start.timer_source = timer_name(conn.info.timer_source);
      start.time_unit = conn.info.timer_unit;
      start.timer_hz = conn.info.timer_hz;
      rec = std::make_unique<Recorder>(*db, start);
      rec->metric("plan_bytes", static_cast<int64_t>(p.plan.blob.size()));
      rec->metric("arena_bytes", static_cast<int64_t>(p.plan.stats.arena_bytes));
      if (code_bytes > 0) rec->metric("code_bytes", code_bytes);
      for (size_t i = 0; i < p.picks.size(); ++i) todo.push_back(i);
    }
    out.run_id = rec->run_id();
    out.exit_code = stream_and_record(p, desc, *dep, conn, *rec, ref, progress, job.line, std::move(todo));
    rec->commit();
  } catch (const Cancelled& c) {
    out.exit_code = c.exit_code();
    out.error = c.what();
    close_row(rec.get(), true, c.what(), out);
  } catch (const Error& e) {
    // Before the row: a usage/environment error (the board is absent, exit
    // 2). During the stream: kExitInfra for the board, 2 for our own inputs.
    out.exit_code = e.exit_code();
    out.error = e.what();
    close_row(rec.get(), false, e.what(), out);
  } catch (const std::exception& e) {
    out.exit_code = kExitFailure;
    out.error = std::string("internal error: ") + e.what();
    close_row(rec.get(), false, out.error, out);
  }
  return out;
}

}  // namespace hb::run

#include "run/board_run.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>

#include "board/descriptor.h"
#include "board/footprint.h"
#include "board/inventory.h"
#include "common/cancel.h"
#include "common/error.h"
#include "common/file_io.h"
#include "common/sha256.h"
#include "flash/deployment.h"
#include "link/rfc2217_transport.h"
#include "link/serial_transport.h"
#include "link/tcp_transport.h"
#include "model/describe.h"
#include "run/board_health.h"
#include "run/cpu_affinity.h"
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
  unsigned baud = 0;  // the line rate in use (after SET_BAUD), 0 when the link has none
};

Connection connect(const board::Descriptor& d, const flash::Deployment& dep, const Prepared& p, Progress& progress) {
  Connection c;
  const flash::LinkTarget t = dep.link();
  if (t.kind == "serial")
    c.transport = std::make_unique<link::SerialTransport>(d.name, t.path, t.baud);
  else if (t.kind == "tcp")
    c.transport = std::make_unique<link::TcpTransport>(d.name, t.host, t.port);
  else if (t.kind == "rfc2217")
    c.transport = std::make_unique<link::Rfc2217Transport>(d.name, t.host, t.port, t.baud);
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
                p.model_sha.substr(0, 16) + "...)" +
                (d.flash_method() == "none" ? "; flash.method is none: whoever flashes this board must put that "
                                              "model on it (hilbench does not)"
                                            : ""));
  if (c.info.input.bytes != p.input.bytes)
    throw Error("board " + d.name + ": input tensor is " + std::to_string(c.info.input.bytes) + " bytes, model has " +
                std::to_string(p.input.bytes));
  // A faster line rate, when the descriptor lists some (SET_BAUD).
  c.baud = c.transport->baud();
  if (d.link.contains("bauds")) {
    link::Transport* tr = c.transport.get();
    c.baud = c.session->negotiate_baud(d.link["bauds"].get<std::vector<unsigned>>(), std::chrono::seconds(1),
                                       [&progress, tr, name](unsigned rate, bool ok, const std::string& why) {
                                         if (!ok)
                                           progress.message("board " + name + ": " + std::to_string(rate) +
                                                            " Bd did not work (" + why + "), staying at " +
                                                            std::to_string(tr->baud()) + " Bd");
                                       });
  }
  return c;
}

// Board health (store/board_events.h): a recovery of this run's instance.
// Best effort: the store's own trouble must not hide the board's.
void board_event(Recorder& rec, const board::Descriptor& d, const char* kind, const char* outcome,
                 const std::string& cause) noexcept {
  try {
    store::add_board_event(rec.db(), {0, d.instance, d.name, rec.run_id(), kind, outcome, cause, ""});
  } catch (const std::exception&) {
  }
}

std::string firmware_sha(const board::Descriptor& d) {
  if (d.flash_method() == "none") return {};  // flashed by someone else: an image we never saw
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
  const size_t initial_done = done;
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
  // The harness thread (input preparation, link I/O) keeps off the sim
  // board's CPU while it streams (run/cpu_affinity.h); restored after.
  ScopedHarnessAffinity isolate;
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
        board_event(rec, desc, "recovery", "ok", *cause);
      } catch (const Cancelled&) {
        throw;
      } catch (const Error& again) {
        r.detail += std::string("; reset failed: ") + again.what();
        rec.recovery(r);
        board_event(rec, desc, "recovery", "failed", r.detail);
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
  // Link efficiency: input payload carried per second against the line's
  // byte rate (8N1: baud / 10), for links that have a rate.
  const double payload = static_cast<double>(done - initial_done) * p.input.bytes;
  rec.metric("input_bytes", static_cast<int64_t>(p.input.bytes));
  if (secs > 0) rec.metric("payload_bytes_per_s", payload / secs);
  // An unpaced pty only names a rate: it moves bytes far faster.
  const bool real_rate = desc.link_kind() != "pty" || desc.link.value("paced", false);
  if (conn.baud > 0 && real_rate) {
    rec.metric("link_baud", static_cast<int64_t>(conn.baud));
    rec.metric("line_bytes_per_s", conn.baud / 10.0);
  }
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
    const board::Target target = board::resolve_target(job.board, board::lab_path(o.lab));
    const board::Descriptor& desc = target.kind;
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

    // Board health and lock: leave out suspect instances, lock an exclusive
    // one before flashing (board/lock.h); `claim` is declared before the
    // deployment and connection, so the lock is held until they are gone.
    std::vector<int64_t> events;  // tied to the run once its row exists
    std::vector<std::string> instances;
    for (const auto& c : target.candidates) instances.push_back(c.instance);
    const auto suspect =
        o.skip_suspect ? store::suspect_instances(*db, instances, o.suspect_after) : std::set<std::string>{};
    for (const auto& i : suspect)
      progress.message("board " + i + ": suspect (its last " + std::to_string(o.suspect_after) +
                       " attempts failed), skipped");
    if (!suspect.empty() && suspect.size() == instances.size()) {
      out.skipped = "every instance of " + job.board + " is suspect";
      return out;
    }
    board::Claim claim = board::claim(target, "run", std::chrono::seconds(o.lock_wait_s), suspect,
                                      [&](const std::string& m) { progress.message("board " + job.board + ": " + m); });
    const board::Descriptor& inst = claim.board;

    WorkDir work{o.work_dir.empty() ? default_work_dir() : o.work_dir + "/" + inst.instance, o.work_dir.empty()};
    // Bring the board up before the run row exists: a missing board is a
    // usage error, not a failed run.
    auto dep = recorded_step(*db, inst, "flash", events, true, [&] {
      return flash::deploy(inst, p.plan.blob, {work.path, 60});
    });
    Connection conn =
        recorded_step(*db, inst, "connect", events, true, [&] { return connect(inst, *dep, p, progress); });
    // Footprint of this run, for `check`: the firmware ELF's code when the
    // board has one (the image the flasher used), the plan and its arena.
    int64_t code_bytes = 0;
    if (const auto elf = desc.flash_method() == "none" ? std::nullopt : board::firmware_elf(desc)) {
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
                      {"firmware_sha256", fw_sha},
                      {"instance", inst.instance},
                      {"fw_core_clock_hz", conn.info.core_clock_hz}};
      if (!p.skipped.empty()) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& u : p.skipped) list.push_back({{"file", u.id}, {"reason", u.reason}});
        start.config["skipped_unreadable"] = list;
      }
      start.git_rev = git_revision();
      start.timer_source = timer_name(conn.info.timer_source);
      start.time_unit = conn.info.timer_unit;
      start.timer_hz = conn.info.timer_hz;
      rec = std::make_unique<Recorder>(*db, start);
      rec->metric("plan_bytes", static_cast<int64_t>(p.plan.blob.size()));
      rec->metric("arena_bytes", static_cast<int64_t>(p.plan.stats.arena_bytes));
      if (code_bytes > 0) rec->metric("code_bytes", code_bytes);
      if (!p.skipped.empty()) rec->metric("skipped_unreadable", static_cast<int64_t>(p.skipped.size()));
      for (size_t i = 0; i < p.picks.size(); ++i) todo.push_back(i);
    }
    out.run_id = rec->run_id();
    claim.lock.set_run_id(out.run_id);
    for (const int64_t ev : events) store::set_board_event_run(*db, ev, out.run_id);
    out.exit_code = stream_and_record(p, inst, *dep, conn, *rec, ref, progress, job.line, std::move(todo));
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

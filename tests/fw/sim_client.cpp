#include "fw/sim_client.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "model/importer.h"
#include "test_paths.h"

namespace hb::fwtest {
namespace fs = std::filesystem;

namespace {

uint32_t now_ms() {
  return static_cast<uint32_t>(
      std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

void write_all(int fd, const uint8_t* p, size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w > 0) {
      p += w;
      n -= static_cast<size_t>(w);
    } else if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd pf{fd, POLLOUT, 0};
      ::poll(&pf, 1, 100);
    } else {
      ADD_FAILURE() << "write to the device pty failed: " << std::strerror(errno);
      return;
    }
  }
}

void link_write(void* ctx, const uint8_t* bytes, size_t len) { write_all(*static_cast<int*>(ctx), bytes, len); }

}  // namespace

std::string sim_binary() { return std::string(HB_TEST_BIN_DIR) + "/target-fw/hb-fw-sim"; }

Bytes read_bytes(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

void write_bytes(const fs::path& p, const uint8_t* data, size_t n) {
  std::ofstream f(p, std::ios::binary);
  f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(n));
  ASSERT_TRUE(f.good()) << "cannot write " << p;
}

const SharedModel& resnet() {
  static const SharedModel m = [] {
    SharedModel s;
    s.tflite = hb::test::shared_model("pretrainedResnet_quant.tflite");
    s.plan = hb::model::import_tflite(s.tflite).blob;
    return s;
  }();
  return m;
}

std::vector<int8_t> golden_output(const std::string& input_file) {
  std::ifstream f(hb::test::shared_dir() / "golden" / "pretrainedResnet_quant" / "golden.json");
  const auto j = nlohmann::json::parse(f);
  for (const auto& c : j.at("cases"))
    if (c.at("input").get<std::string>() == input_file) {
      std::vector<int8_t> out;
      for (const auto& v : c.at("output")) out.push_back(static_cast<int8_t>(std::stoi(v.get<std::string>())));
      return out;
    }
  return {};
}

Sim::Sim(const std::string& plan, const std::vector<std::string>& extra_args) {
  hbp_link_init(&link_, slots_, 8, 200, link_write, &fd_);
  std::vector<std::string> argv{sim_binary(), "--pty-link", link_path()};
  if (!plan.empty()) argv.insert(argv.end(), {"--plan", plan});
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  proc_ = std::make_unique<Process>(argv, "", (dir_.path() / "stderr.txt").string());
  // Up once it printed its "serving" line (after the link exists).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (stderr_text().find("serving") == std::string::npos) {
    if (!proc_->running() || std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "hb-fw-sim did not come up; stderr: " << stderr_text();
      return;
    }
    std::this_thread::sleep_for(milliseconds(5));
  }
  fd_ = ::open(link_path().c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    ADD_FAILURE() << "open " << link_path() << ": " << std::strerror(errno);
    return;
  }
  termios t{};
  tcgetattr(fd_, &t);
  cfmakeraw(&t);
  tcsetattr(fd_, TCSANOW, &t);  // TCSANOW: keep what the device already sent (its startup LOG)
}

Sim::~Sim() {
  if (fd_ >= 0) ::close(fd_);
  if (proc_) proc_->stop();
}

std::string Sim::stderr_text() const {
  std::ifstream f(dir_.path() / "stderr.txt");
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void Sim::write_raw(const Bytes& b) { write_all(fd_, b.data(), b.size()); }

void Sim::send(uint8_t type, const Bytes& payload) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (hbp_tx_space(&link_.tx) == 0 && std::chrono::steady_clock::now() < deadline) pump(milliseconds(10));
  const hbp_status st = hbp_link_send(&link_, type, payload.data(), payload.size(), now_ms());
  EXPECT_EQ(st, HBP_OK) << "hbp_link_send " << hbp_msg_name(type) << ": " << hbp_status_name(st);
}

void Sim::send_unseq(uint8_t type, const Bytes& payload) {
  EXPECT_EQ(hbp_link_send_unseq(&link_, type, payload.data(), payload.size()), HBP_OK);
}

void Sim::pump(milliseconds timeout) {
  if (fd_ < 0) return;
  pollfd pf{fd_, POLLIN, 0};
  if (::poll(&pf, 1, static_cast<int>(timeout.count())) > 0) {
    uint8_t buf[4096];
    for (;;) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) {
        hbp_rx_msg m;
        const int ev = hbp_link_input(&link_, buf[i], &m);
        if (ev == HBP_EV_MESSAGE)
          inbox_.push_back({received_++, m.type, m.flags, m.seq, Bytes(m.payload, m.payload + m.len)});
        else if (ev == HBP_EV_PEER_UNSYNCED)
          peer_unsynced_ = true;
      }
    }
  }
  hbp_link_poll(&link_, now_ms());
}

std::optional<Msg> Sim::wait_for(uint8_t type, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    for (auto it = inbox_.begin(); it != inbox_.end(); ++it)
      if (it->type == type) {
        Msg m = std::move(*it);
        inbox_.erase(it);
        return m;
      }
    if (std::chrono::steady_clock::now() > deadline || fd_ < 0) return std::nullopt;
    pump(milliseconds(20));
  }
}

std::optional<hbp_info> Sim::hello(uint32_t session, uint8_t window, uint16_t max_payload) {
  hbp_link_restart_rx(&link_);
  hbp_link_restart_tx(&link_, static_cast<uint16_t>(session * 2654435761u >> 16));
  peer_unsynced_ = false;
  hbp_hello h{1, window, max_payload, session};
  Bytes p(64);
  size_t n = 0;
  EXPECT_EQ(hbp_hello_encode(&h, p.data(), p.size(), &n), HBP_OK);
  p.resize(n);
  send(HBP_MSG_HELLO, p);
  auto m = wait_for(HBP_MSG_INFO);
  if (!m) return std::nullopt;
  hbp_info info{};
  const hbp_status st = hbp_info_decode(m->payload.data(), m->payload.size(), &info);
  EXPECT_EQ(st, HBP_OK) << hbp_status_name(st);
  if (st != HBP_OK) return std::nullopt;
  // The device's limits bound what we send from now on.
  EXPECT_EQ(hbp_tx_set_max_payload(&link_.tx, info.max_payload), HBP_OK);
  EXPECT_EQ(hbp_tx_set_window(&link_.tx, std::min<uint8_t>(info.window, link_.tx.n_slots)), HBP_OK);
  return info;
}

void Sim::load(uint8_t slot, const Bytes& data, size_t chunk, uint32_t first_offset) {
  for (size_t off = first_offset; off < data.size(); off += chunk) {
    const size_t len = std::min(chunk, data.size() - off);
    hbp_load l{slot, static_cast<uint32_t>(off), data.data() + off, static_cast<uint16_t>(len)};
    Bytes p(HBP_PAYLOAD_MAX);
    size_t n = 0;
    ASSERT_EQ(hbp_load_encode(&l, p.data(), p.size(), &n), HBP_OK);
    p.resize(n);
    send(HBP_MSG_LOAD, p);
  }
}

void Sim::infer(uint8_t slot, uint8_t flags, uint32_t tag) {
  hbp_infer r{slot, flags, tag};
  Bytes p(16);
  size_t n = 0;
  ASSERT_EQ(hbp_infer_encode(&r, p.data(), p.size(), &n), HBP_OK);
  p.resize(n);
  send(HBP_MSG_INFER, p);
}

std::optional<Result> Sim::result(uint32_t tag, milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Result r;
  r.output.resize(1 << 20);
  r.op_ticks.resize(4096);
  hbp_result_rx rx;
  hbp_result_rx_init(&rx, r.output.data(), static_cast<uint32_t>(r.output.size()), r.op_ticks.data(),
                     static_cast<uint16_t>(r.op_ticks.size()));
  bool started = false;
  for (;;) {
    for (auto it = inbox_.begin(); it != inbox_.end();) {
      if (!started && it->type == HBP_MSG_RESULT) {
        hbp_result h{};
        if (hbp_result_decode(it->payload.data(), it->payload.size(), &h) == HBP_OK && h.tag == tag) {
          EXPECT_EQ(hbp_result_rx_start(&rx, &h), HBP_OK);
          started = true;
          r.order = it->order;
          it = inbox_.erase(it);
          continue;
        }
      } else if (started && it->type == HBP_MSG_RESULT_CHUNK) {
        hbp_result_chunk c{};
        if (hbp_result_chunk_decode(it->payload.data(), it->payload.size(), &c) == HBP_OK && c.tag == tag) {
          EXPECT_EQ(hbp_result_rx_chunk(&rx, &c), HBP_OK);
          it = inbox_.erase(it);
          continue;
        }
      }
      ++it;
    }
    if (started && hbp_result_rx_complete(&rx)) break;
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    pump(milliseconds(20));
  }
  r.head = rx.head;
  r.output.resize(rx.head.output_bytes);
  r.op_ticks.resize(rx.head.op_count);
  return r;
}

std::optional<hbp_error> Sim::error(milliseconds timeout) {
  auto m = wait_for(HBP_MSG_ERROR, timeout);
  if (!m) return std::nullopt;
  hbp_error e{};
  EXPECT_EQ(hbp_error_decode(m->payload.data(), m->payload.size(), &e), HBP_OK);
  return e;
}

}  // namespace hb::fwtest

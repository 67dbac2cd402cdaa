// Test rig for the sim board: starts the real hb-fw-sim binary on a plan,
// opens its pty like a host would, and speaks the protocol with the C codec
// directly (hbp_link + message encoders), independent of harness/session.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "temp_dir.h"

#include "common/aligned_bytes.h"
#include "common/subprocess.h"

extern "C" {
#include "codec/link.h"
#include "codec/messages.h"
#include "codec/result.h"
}

namespace hb::fwtest {

using Bytes = std::vector<uint8_t>;
using std::chrono::milliseconds;

std::string sim_binary();  // HB_TEST_BIN_DIR/target-fw/hb-fw-sim

// The resnet-8 model of ../shared, imported once per test binary.
struct SharedModel {
  std::string tflite;  // path
  AlignedBytes plan;
};
const SharedModel& resnet();  // call only after HB_REQUIRE_SHARED()
Bytes read_bytes(const std::filesystem::path& p);
void write_bytes(const std::filesystem::path& p, const uint8_t* data, size_t n);
// Golden int8 output of golden/pretrainedResnet_quant/<input> (from golden.json).
std::vector<int8_t> golden_output(const std::string& input_file);

using ::hb::test::TempDir;

struct Msg {
  uint64_t order = 0;  // arrival index, over the whole connection
  uint8_t type = 0;
  uint8_t flags = 0;
  uint16_t seq = 0;
  Bytes payload;
};

struct Result {
  uint64_t order = 0;  // arrival index of the RESULT frame
  hbp_result head{};
  Bytes output;
  std::vector<uint32_t> op_ticks;
};

// hb-fw-sim running on a plan file, plus a host endpoint on its pty.
class Sim {
 public:
  // plan: file to pass as --plan ("" = no --plan). Fails the test (ADD_FAILURE)
  // and leaves ok() false if the device does not come up.
  explicit Sim(const std::string& plan, const std::vector<std::string>& extra_args = {});
  ~Sim();
  bool ok() const { return fd_ >= 0; }
  std::string link_path() const { return (dir_.path() / "tty").string(); }
  std::string stderr_text() const;
  Process& process() { return *proc_; }

  // Raw bytes to the device (blocking).
  void write_raw(const Bytes& b);
  // Sequenced frame; waits (pumping) for window space.
  void send(uint8_t type, const Bytes& payload);
  void send_unseq(uint8_t type, const Bytes& payload);
  // Reads what the device sent for up to `timeout` (returns early once data
  // arrived); feeds it to the link; runs retransmissions.
  void pump(milliseconds timeout);
  // First received message of this type (removed from the inbox), pumping
  // until one arrives or the timeout expires.
  std::optional<Msg> wait_for(uint8_t type, milliseconds timeout = milliseconds(5000));
  // Every message received so far that was not taken by wait_for.
  std::deque<Msg>& inbox() { return inbox_; }
  bool peer_unsynced() const { return peer_unsynced_; }

  // New session: fresh link state, HELLO, decoded INFO.
  std::optional<hbp_info> hello(uint32_t session, uint8_t window = 8, uint16_t max_payload = HBP_PAYLOAD_MAX);
  void load(uint8_t slot, const Bytes& data, size_t chunk, uint32_t first_offset = 0);
  void infer(uint8_t slot, uint8_t flags, uint32_t tag);
  // RESULT (+ its chunks) for `tag`, reassembled.
  std::optional<Result> result(uint32_t tag, milliseconds timeout = milliseconds(10000));
  std::optional<hbp_error> error(milliseconds timeout = milliseconds(5000));

  hbp_link& link() { return link_; }

 private:
  TempDir dir_;
  std::unique_ptr<Process> proc_;
  int fd_ = -1;
  hbp_link link_{};
  hbp_tx_slot slots_[8]{};
  std::deque<Msg> inbox_;
  bool peer_unsynced_ = false;
  uint64_t received_ = 0;
};

}  // namespace hb::fwtest

// A byte stream to a board: the session's only view of the wire. Serial
// ports, pseudo-terminals and TCP sockets (ser2net, QEMU chardevs) all look
// the same from here. Synchronous, with deadlines; not thread-safe (one
// session owns one transport).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace hb::link {

class Transport {
 public:
  using Clock = std::chrono::steady_clock;

  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Writes every byte. Blocks until the OS has taken them all; throws
  // hb::Error naming the board if the link is closed, fails, or takes no
  // byte for write_timeout() (a board that stopped reading).
  virtual void write_all(std::span<const uint8_t> bytes) = 0;

  // Waits until at least one byte is available or `deadline` passes, then
  // returns what is there (up to buf.size()). Returns 0 on timeout only.
  // Throws hb::Error naming the board if the other end closed or failed.
  virtual size_t read_some(std::span<uint8_t> buf, Clock::time_point deadline) = 0;

  // Line rate in bit/s (0: the link has none, e.g. TCP). set_baud waits until
  // everything written has left, then switches; false if the link has no
  // rate to set. Throws hb::Error naming the board if the device refuses it.
  virtual unsigned baud() const { return 0; }
  virtual bool set_baud(unsigned baud) {
    (void)baud;
    return false;
  }
  // Drops bytes received but not read (garbage from a rate change).
  virtual void drop_input() {}

  // Releases the device/socket. Idempotent; reads and writes then throw.
  virtual void close() = 0;
  virtual bool is_open() const = 0;

  // Board name ("h747") and where it is reached ("/dev/ttyACM0",
  // "127.0.0.1:5555"), for error messages.
  const std::string& board() const { return board_; }
  const std::string& endpoint() const { return endpoint_; }
  // "h747 (/dev/ttyACM0)"
  std::string description() const { return board_ + " (" + endpoint_ + ")"; }

  // Bytes moved since the transport was opened (wire bytes, framing included).
  uint64_t bytes_in() const { return bytes_in_; }
  uint64_t bytes_out() const { return bytes_out_; }

  std::chrono::milliseconds write_timeout() const { return write_timeout_; }
  void set_write_timeout(std::chrono::milliseconds t) { write_timeout_ = t; }

 protected:
  Transport(std::string board, std::string endpoint) : board_(std::move(board)), endpoint_(std::move(endpoint)) {}
  void set_endpoint(std::string e) { endpoint_ = std::move(e); }
  void count_in(size_t n) { bytes_in_ += n; }
  void count_out(size_t n) { bytes_out_ += n; }

 private:
  std::string board_, endpoint_;
  uint64_t bytes_in_ = 0, bytes_out_ = 0;
  std::chrono::milliseconds write_timeout_{10000};
};

}  // namespace hb::link

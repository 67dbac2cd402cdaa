// A board's serial port on another host, through an RFC 2217 server (ser2net
// with a telnet(rfc2217) accepter, as labgrid's exporters set it up): Telnet
// over TCP, BINARY both ways, and the COM-PORT-OPTION to set the remote
// UART to <baud> 8N1 without flow control. Data is IAC-escaped both ways;
// everything the server says besides data (option negotiation, line and
// modem state, flow-control suspend) is handled here and never reaches the
// session.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "link/tcp_transport.h"
#include "link/telnet_codec.h"

namespace hb::link {

struct Rfc2217Options {
  TcpOptions tcp;
  // For the server to agree to BINARY and COM-PORT-OPTION and to acknowledge
  // every port setting.
  std::chrono::milliseconds negotiation_timeout{10000};
};

class Rfc2217Transport final : public Transport {
 public:
  // Connects, negotiates, sets the port and waits for the server's
  // acknowledgements (the value it actually set: a different baud rate is an
  // error). Throws hb::Error "board <board>: rfc2217://<host>:<port>: <why>",
  // e.g. no Telnet negotiation at all (a raw TCP port: use link kind "tcp").
  Rfc2217Transport(const std::string& board, const std::string& host, uint16_t port, unsigned baud,
                   const Rfc2217Options& opts = {});
  ~Rfc2217Transport() override;

  void write_all(std::span<const uint8_t> bytes) override;
  size_t read_some(std::span<uint8_t> buf, Clock::time_point deadline) override;
  void close() override;
  bool is_open() const override;

  // The baud rate the server acknowledged.
  unsigned baud() const override { return acked_baud_; }
  // The server's SIGNATURE text ("" until it sent one).
  const std::string& server_signature() const { return signature_; }
  // NOTIFY-LINESTATE reports with a receive error (overrun, parity, framing,
  // break) since the link was opened.
  uint64_t line_errors() const { return line_errors_; }

 private:
  // RFC 1143's option states, without the queue bits (we never change our
  // mind once a request is out).
  enum class Q : uint8_t { no, yes, want_yes };
  struct Option {
    Q us = Q::no;   // we perform it (WILL/WONT from us)
    Q him = Q::no;  // the server performs it (DO/DONT from us)
  };

  // Reads raw bytes until `deadline`, decodes, answers negotiations, and
  // queues data. Returns false on timeout with nothing read.
  bool pump(Clock::time_point deadline);
  void handle(const telnet::Event& e);
  void on_negotiation(uint8_t verb, uint8_t option);
  void on_com_port(const std::vector<uint8_t>& payload);
  void send_raw(const std::vector<uint8_t>& bytes);
  void request(uint8_t verb, uint8_t option);
  void set_port(uint8_t command, std::vector<uint8_t> value);
  [[noreturn]] void fail(const std::string& why) const;
  [[noreturn]] void rethrow(const std::exception& e) const;

  std::unique_ptr<TcpTransport> tcp_;
  std::string tcp_prefix_;  // "board B: host:port: " as the TCP layer words its errors
  telnet::Decoder decoder_;
  Option options_[256];
  std::vector<uint8_t> pending_;  // decoded data not yet handed out
  size_t pending_head_ = 0;
  // Acknowledgements of SET-BAUDRATE .. SET-CONTROL (server codes 101..105),
  // -1 until received.
  int64_t acks_[6] = {-1, -1, -1, -1, -1, -1};
  unsigned acked_baud_ = 0;
  bool heard_ = false;      // any Telnet command from the server yet
  bool suspended_ = false;  // FLOWCONTROL-SUSPEND from the server
  std::string signature_;
  uint64_t line_errors_ = 0;
  std::vector<uint8_t> scratch_;
};

}  // namespace hb::link

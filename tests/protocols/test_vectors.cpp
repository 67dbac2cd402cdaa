// Golden frame vectors (protocols/vectors/vectors.txt): for every vector,
// encoding the listed field values must give exactly the listed wire bytes,
// streaming-decoding those bytes must give back the fields, and the bytes
// must follow the spec when taken apart independently of the codec
// (reference COBS decoder, zlib CRC, header fields by hand).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/cobs.h"
#include "codec/frame.h"
#include "codec/messages.h"
}

using hbp_test::Bytes;
using hbp_test::from_hex;
using hbp_test::to_hex;

namespace {

// Message type codes as tabled in PROTOCOL.md (deliberately not taken from
// the codec's enum).
const std::map<std::string, uint8_t> kSpecTypes = {
    {"HELLO", 0x01},        {"INFO", 0x02}, {"LOAD", 0x03}, {"INFER", 0x04},    {"RESULT", 0x05},
    {"RESULT_CHUNK", 0x06}, {"PING", 0x07}, {"PONG", 0x08}, {"RESET", 0x09},    {"ERROR", 0x0A},
    {"LOG", 0x0B},          {"ACK", 0x0C},  {"NAK", 0x0D},  {"SET_BAUD", 0x0E}, {"BAUD", 0x0F},
};

struct Vector {
  std::string name;
  std::string type;
  uint16_t seq = 0;
  uint8_t flags = 0;
  std::map<std::string, std::string> fields;
  Bytes wire;

  const std::string& f(const std::string& k) const {
    auto it = fields.find(k);
    if (it == fields.end()) throw std::runtime_error(name + ": missing field " + k);
    return it->second;
  }
  uint64_t u(const std::string& k) const { return std::strtoull(f(k).c_str(), nullptr, 0); }
  int64_t i(const std::string& k) const { return std::strtoll(f(k).c_str(), nullptr, 0); }
  Bytes hex(const std::string& k) const { return from_hex(f(k)); }
};

std::string vectors_path() {
#ifdef HB_SOURCE_DIR
  return std::string(HB_SOURCE_DIR) + "/protocols/vectors/vectors.txt";
#else
  std::string here = __FILE__;  // .../tests/protocols/test_vectors.cpp
  return here.substr(0, here.rfind("/tests/")) + "/protocols/vectors/vectors.txt";
#endif
}

std::vector<Vector> load_vectors() {
  std::ifstream in(vectors_path());
  std::vector<Vector> out;
  std::string line;
  Vector cur;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto sp = line.find(' ');
    std::string word = line.substr(0, sp);
    std::string rest = sp == std::string::npos ? "" : line.substr(sp + 1);
    if (word == "vector") {
      cur = Vector{};
      cur.name = rest;
    } else if (word == "frame") {
      std::istringstream ss(rest);
      std::string kv;
      while (ss >> kv) {
        auto eq = kv.find('=');
        std::string k = kv.substr(0, eq), v = kv.substr(eq + 1);
        if (k == "type") cur.type = v;
        if (k == "seq") cur.seq = static_cast<uint16_t>(std::strtoul(v.c_str(), nullptr, 0));
        if (k == "flags") cur.flags = static_cast<uint8_t>(std::strtoul(v.c_str(), nullptr, 0));
      }
    } else if (word == "field") {
      auto s2 = rest.find(' ');
      std::string key = rest.substr(0, s2);
      cur.fields[key] = s2 == std::string::npos ? "" : rest.substr(s2 + 1);
    } else if (word == "wire") {
      cur.wire = from_hex(rest);
    } else if (word == "end") {
      out.push_back(cur);
    }
  }
  return out;
}

hbp_tensor_desc tensor_from(const Vector& v, const std::string& p) {
  hbp_tensor_desc t{};
  t.dtype = static_cast<uint8_t>(v.u(p + ".dtype"));
  t.ndim = static_cast<uint8_t>(v.u(p + ".ndim"));
  std::istringstream ss(v.f(p + ".dims"));
  for (auto& d : t.dims) ss >> d;
  t.scale = std::strtof(v.f(p + ".scale").c_str(), nullptr);
  t.zero_point = static_cast<int32_t>(v.i(p + ".zero_point"));
  return t;
}

void copy_str(char* dst, size_t cap, const std::string& s) {
  ASSERT_LT(s.size(), cap);
  std::memcpy(dst, s.c_str(), s.size() + 1);
}

// Builds the payload from the vector's fields with the codec's encoders.
// `keep` owns byte arrays the message structs point into.
Bytes encode_fields(const Vector& v, std::vector<Bytes>& keep) {
  Bytes out(HBP_PAYLOAD_MAX);
  size_t n = 0;
  hbp_status st = HBP_ERR_ARG;
  auto blob = [&](const std::string& k) -> const Bytes& {
    keep.push_back(v.hex(k));
    return keep.back();
  };
  const std::string& t = v.type;
  if (t == "HELLO") {
    hbp_hello m{static_cast<uint8_t>(v.u("version")), static_cast<uint8_t>(v.u("window")),
                static_cast<uint16_t>(v.u("max_payload")), static_cast<uint32_t>(v.u("session"))};
    st = hbp_hello_encode(&m, out.data(), out.size(), &n);
  } else if (t == "INFO") {
    hbp_info m{};
    m.session = static_cast<uint32_t>(v.u("session"));
    m.version = static_cast<uint8_t>(v.u("version"));
    m.window = static_cast<uint8_t>(v.u("window"));
    m.max_payload = static_cast<uint16_t>(v.u("max_payload"));
    m.n_slots = static_cast<uint8_t>(v.u("n_slots"));
    m.timer_source = static_cast<uint8_t>(v.u("timer_source"));
    m.rx_policy = static_cast<uint8_t>(v.u("rx_policy"));
    m.caps = static_cast<uint32_t>(v.u("caps"));
    m.cpuid = static_cast<uint32_t>(v.u("cpuid"));
    m.core_clock_hz = static_cast<uint32_t>(v.u("core_clock_hz"));
    m.timer_hz = static_cast<uint32_t>(v.u("timer_hz"));
    m.arena_bytes = static_cast<uint32_t>(v.u("arena_bytes"));
    m.op_count = static_cast<uint16_t>(v.u("op_count"));
    Bytes h = v.hex("plan_hash");
    EXPECT_EQ(h.size(), 32u);
    std::memcpy(m.plan_hash, h.data(), std::min<size_t>(h.size(), 32));
    m.input = tensor_from(v, "input");
    m.output = tensor_from(v, "output");
    copy_str(m.fw_build, sizeof m.fw_build, v.f("fw_build"));
    copy_str(m.board, sizeof m.board, v.f("board"));
    copy_str(m.model_name, sizeof m.model_name, v.f("model_name"));
    copy_str(m.timer_unit, sizeof m.timer_unit, v.f("timer_unit"));
    st = hbp_info_encode(&m, out.data(), out.size(), &n);
  } else if (t == "LOAD") {
    const Bytes& d = blob("data");
    hbp_load m{static_cast<uint8_t>(v.u("slot")), static_cast<uint32_t>(v.u("offset")), d.data(),
               static_cast<uint16_t>(d.size())};
    st = hbp_load_encode(&m, out.data(), out.size(), &n);
  } else if (t == "INFER") {
    hbp_infer m{static_cast<uint8_t>(v.u("slot")), static_cast<uint8_t>(v.u("flags")),
                static_cast<uint32_t>(v.u("tag"))};
    st = hbp_infer_encode(&m, out.data(), out.size(), &n);
  } else if (t == "RESULT") {
    const Bytes& d = blob("data");
    hbp_result m{static_cast<uint32_t>(v.u("tag")),
                 static_cast<uint16_t>(v.u("status")),
                 static_cast<uint8_t>(v.u("slot")),
                 static_cast<uint8_t>(v.u("flags")),
                 v.u("ticks"),
                 static_cast<uint32_t>(v.u("rx_bytes")),
                 static_cast<uint32_t>(v.u("output_bytes")),
                 static_cast<uint16_t>(v.u("op_count")),
                 d.empty() ? nullptr : d.data(),
                 static_cast<uint16_t>(d.size())};
    st = hbp_result_encode(&m, out.data(), out.size(), &n);
  } else if (t == "RESULT_CHUNK") {
    const Bytes& d = blob("data");
    hbp_result_chunk m{static_cast<uint32_t>(v.u("tag")), static_cast<uint32_t>(v.u("offset")), d.data(),
                       static_cast<uint16_t>(d.size())};
    st = hbp_result_chunk_encode(&m, out.data(), out.size(), &n);
  } else if (t == "PING") {
    const Bytes& d = blob("data");
    hbp_ping m{static_cast<uint32_t>(v.u("token")), d.empty() ? nullptr : d.data(), static_cast<uint16_t>(d.size())};
    st = hbp_ping_encode(&m, out.data(), out.size(), &n);
  } else if (t == "PONG") {
    const Bytes& d = blob("data");
    hbp_pong m{static_cast<uint32_t>(v.u("token")), v.u("timer_ticks"), d.empty() ? nullptr : d.data(),
               static_cast<uint16_t>(d.size())};
    st = hbp_pong_encode(&m, out.data(), out.size(), &n);
  } else if (t == "RESET") {
    hbp_reset m{static_cast<uint8_t>(v.u("mode"))};
    st = hbp_reset_encode(&m, out.data(), out.size(), &n);
  } else if (t == "ERROR") {
    hbp_error m{};
    m.code = static_cast<uint16_t>(v.u("code"));
    m.ref_seq = static_cast<uint16_t>(v.u("ref_seq"));
    m.ref_type = static_cast<uint8_t>(v.u("ref_type"));
    copy_str(m.text, sizeof m.text, v.f("text"));
    st = hbp_error_encode(&m, out.data(), out.size(), &n);
  } else if (t == "LOG") {
    hbp_log m{};
    m.level = static_cast<uint8_t>(v.u("level"));
    copy_str(m.text, sizeof m.text, v.f("text"));
    st = hbp_log_encode(&m, out.data(), out.size(), &n);
  } else if (t == "ACK") {
    hbp_ack m{static_cast<uint16_t>(v.u("next"))};
    st = hbp_ack_encode(&m, out.data(), out.size(), &n);
  } else if (t == "NAK") {
    hbp_nak m{static_cast<uint16_t>(v.u("next")), static_cast<uint8_t>(v.u("reason"))};
    st = hbp_nak_encode(&m, out.data(), out.size(), &n);
  } else if (t == "SET_BAUD") {
    hbp_set_baud m{static_cast<uint32_t>(v.u("baud")), static_cast<uint16_t>(v.u("revert_ms"))};
    st = hbp_set_baud_encode(&m, out.data(), out.size(), &n);
  } else if (t == "BAUD") {
    hbp_baud m{static_cast<uint32_t>(v.u("baud")), static_cast<uint8_t>(v.u("status"))};
    st = hbp_baud_encode(&m, out.data(), out.size(), &n);
  }
  EXPECT_EQ(st, HBP_OK) << v.name << ": " << hbp_status_name(st);
  out.resize(st == HBP_OK ? n : 0);
  return out;
}

void expect_tensor(const Vector& v, const std::string& p, const hbp_tensor_desc& t) {
  hbp_tensor_desc e = tensor_from(v, p);
  EXPECT_EQ(t.dtype, e.dtype) << p;
  EXPECT_EQ(t.ndim, e.ndim) << p;
  for (int i = 0; i < 4; ++i) EXPECT_EQ(t.dims[i], e.dims[i]) << p;
  EXPECT_EQ(t.scale, e.scale) << p;
  EXPECT_EQ(t.zero_point, e.zero_point) << p;
}

Bytes view(const uint8_t* p, uint16_t n) { return n ? Bytes(p, p + n) : Bytes{}; }

// Decodes the payload with the codec and compares with the listed fields.
void expect_fields(const Vector& v, const uint8_t* p, size_t n) {
  const std::string& t = v.type;
  SCOPED_TRACE(v.name);
  if (t == "HELLO") {
    hbp_hello m;
    ASSERT_EQ(hbp_hello_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.version, v.u("version"));
    EXPECT_EQ(m.window, v.u("window"));
    EXPECT_EQ(m.max_payload, v.u("max_payload"));
    EXPECT_EQ(m.session, v.u("session"));
  } else if (t == "INFO") {
    hbp_info m;
    ASSERT_EQ(hbp_info_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.session, v.u("session"));
    EXPECT_EQ(m.version, v.u("version"));
    EXPECT_EQ(m.window, v.u("window"));
    EXPECT_EQ(m.max_payload, v.u("max_payload"));
    EXPECT_EQ(m.n_slots, v.u("n_slots"));
    EXPECT_EQ(m.timer_source, v.u("timer_source"));
    EXPECT_EQ(m.rx_policy, v.u("rx_policy"));
    EXPECT_EQ(m.caps, v.u("caps"));
    EXPECT_EQ(m.cpuid, v.u("cpuid"));
    EXPECT_EQ(m.core_clock_hz, v.u("core_clock_hz"));
    EXPECT_EQ(m.timer_hz, v.u("timer_hz"));
    EXPECT_EQ(m.arena_bytes, v.u("arena_bytes"));
    EXPECT_EQ(m.op_count, v.u("op_count"));
    EXPECT_EQ(to_hex(m.plan_hash, 32), v.f("plan_hash"));
    expect_tensor(v, "input", m.input);
    expect_tensor(v, "output", m.output);
    EXPECT_EQ(std::string(m.fw_build), v.f("fw_build"));
    EXPECT_EQ(std::string(m.board), v.f("board"));
    EXPECT_EQ(std::string(m.model_name), v.f("model_name"));
    EXPECT_EQ(std::string(m.timer_unit), v.f("timer_unit"));
  } else if (t == "LOAD") {
    hbp_load m;
    ASSERT_EQ(hbp_load_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.slot, v.u("slot"));
    EXPECT_EQ(m.offset, v.u("offset"));
    EXPECT_EQ(view(m.data, m.len), v.hex("data"));
  } else if (t == "INFER") {
    hbp_infer m;
    ASSERT_EQ(hbp_infer_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.slot, v.u("slot"));
    EXPECT_EQ(m.flags, v.u("flags"));
    EXPECT_EQ(m.tag, v.u("tag"));
  } else if (t == "RESULT") {
    hbp_result m;
    ASSERT_EQ(hbp_result_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.tag, v.u("tag"));
    EXPECT_EQ(m.status, v.u("status"));
    EXPECT_EQ(m.slot, v.u("slot"));
    EXPECT_EQ(m.flags, v.u("flags"));
    EXPECT_EQ(m.ticks, v.u("ticks"));
    EXPECT_EQ(m.rx_bytes, v.u("rx_bytes"));
    EXPECT_EQ(m.output_bytes, v.u("output_bytes"));
    EXPECT_EQ(m.op_count, v.u("op_count"));
    EXPECT_EQ(view(m.data, m.len), v.hex("data"));
  } else if (t == "RESULT_CHUNK") {
    hbp_result_chunk m;
    ASSERT_EQ(hbp_result_chunk_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.tag, v.u("tag"));
    EXPECT_EQ(m.offset, v.u("offset"));
    EXPECT_EQ(view(m.data, m.len), v.hex("data"));
  } else if (t == "PING") {
    hbp_ping m;
    ASSERT_EQ(hbp_ping_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.token, v.u("token"));
    EXPECT_EQ(view(m.data, m.len), v.hex("data"));
  } else if (t == "PONG") {
    hbp_pong m;
    ASSERT_EQ(hbp_pong_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.token, v.u("token"));
    EXPECT_EQ(m.timer_ticks, v.u("timer_ticks"));
    EXPECT_EQ(view(m.data, m.len), v.hex("data"));
  } else if (t == "RESET") {
    hbp_reset m;
    ASSERT_EQ(hbp_reset_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.mode, v.u("mode"));
  } else if (t == "ERROR") {
    hbp_error m;
    ASSERT_EQ(hbp_error_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.code, v.u("code"));
    EXPECT_EQ(m.ref_seq, v.u("ref_seq"));
    EXPECT_EQ(m.ref_type, v.u("ref_type"));
    EXPECT_EQ(std::string(m.text), v.f("text"));
  } else if (t == "LOG") {
    hbp_log m;
    ASSERT_EQ(hbp_log_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.level, v.u("level"));
    EXPECT_EQ(std::string(m.text), v.f("text"));
  } else if (t == "ACK") {
    hbp_ack m;
    ASSERT_EQ(hbp_ack_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.next, v.u("next"));
  } else if (t == "NAK") {
    hbp_nak m;
    ASSERT_EQ(hbp_nak_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.next, v.u("next"));
    EXPECT_EQ(m.reason, v.u("reason"));
  } else if (t == "SET_BAUD") {
    hbp_set_baud m;
    ASSERT_EQ(hbp_set_baud_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.baud, v.u("baud"));
    EXPECT_EQ(m.revert_ms, v.u("revert_ms"));
  } else if (t == "BAUD") {
    hbp_baud m;
    ASSERT_EQ(hbp_baud_decode(p, n, &m), HBP_OK);
    EXPECT_EQ(m.baud, v.u("baud"));
    EXPECT_EQ(m.status, v.u("status"));
  } else {
    ADD_FAILURE() << "unknown type " << t;
  }
}

class HbpVectors : public ::testing::Test {
 protected:
  void SetUp() override {
    vectors_ = load_vectors();
    ASSERT_FALSE(vectors_.empty()) << "no vectors read from " << vectors_path();
  }
  std::vector<Vector> vectors_;
};

}  // namespace

TEST_F(HbpVectors, CoverEveryMessageType) {
  std::set<std::string> seen;
  for (const auto& v : vectors_) seen.insert(v.type);
  for (const auto& [name, code] : kSpecTypes) EXPECT_TRUE(seen.count(name)) << "no vector for " << name;
}

TEST_F(HbpVectors, EncodingFieldsGivesExactWireBytes) {
  for (const auto& v : vectors_) {
    std::vector<Bytes> keep;
    Bytes payload = encode_fields(v, keep);
    auto it = kSpecTypes.find(v.type);
    ASSERT_NE(it, kSpecTypes.end()) << v.type;
    Bytes wire = hbp_test::wire_frame(it->second, v.seq, v.flags, payload);
    EXPECT_EQ(to_hex(wire), to_hex(v.wire)) << v.name;
  }
}

TEST_F(HbpVectors, StreamDecodingWireGivesFields) {
  Bytes buf(HBP_FRAME_MAX);
  hbp_cobs_dec d;
  hbp_cobs_dec_init(&d, buf.data(), buf.size());
  for (const auto& v : vectors_) {
    int frames = 0;
    for (uint8_t b : v.wire) {
      int c = hbp_cobs_dec_push(&d, b);
      ASSERT_GE(c, 0) << v.name;
      if (c != HBP_COBS_FRAME) continue;
      ++frames;
      hbp_header h;
      const uint8_t* payload = nullptr;
      ASSERT_EQ(hbp_frame_parse(d.buf, d.len, &h, &payload), HBP_OK) << v.name;
      EXPECT_EQ(h.type, kSpecTypes.at(v.type)) << v.name;
      EXPECT_EQ(h.seq, v.seq) << v.name;
      EXPECT_EQ(h.flags, v.flags) << v.name;
      expect_fields(v, payload, h.len);
    }
    EXPECT_EQ(frames, 1) << v.name;
  }
}

TEST_F(HbpVectors, WireBytesFollowTheSpec) {
  for (const auto& v : vectors_) {
    SCOPED_TRACE(v.name);
    ASSERT_GE(v.wire.size(), 2u + 13u);
    EXPECT_EQ(v.wire.front(), 0x00);
    EXPECT_EQ(v.wire.back(), 0x00);
    Bytes inner(v.wire.begin() + 1, v.wire.end() - 1);
    auto frame = hbp_test::ref_cobs_decode(inner);
    ASSERT_TRUE(frame.has_value());
    const Bytes& f = *frame;
    ASSERT_GE(f.size(), 12u);
    EXPECT_EQ(f[0], 2);                                                 // protocol version 2
    EXPECT_EQ(f[1], kSpecTypes.at(v.type));                             // type
    EXPECT_EQ(f[2], v.flags);                                           // flags
    EXPECT_EQ(f[3], 0);                                                 // reserved
    EXPECT_EQ(f[4] | (f[5] << 8), v.seq);                               // seq LE
    EXPECT_EQ(static_cast<size_t>(f[6] | (f[7] << 8)), f.size() - 12);  // payload length LE
    uLong c = crc32(crc32(0L, Z_NULL, 0), f.data(), static_cast<uInt>(f.size() - 4));
    uint32_t trailer = f[f.size() - 4] | (f[f.size() - 3] << 8) | (f[f.size() - 2] << 16) |
                       (static_cast<uint32_t>(f[f.size() - 1]) << 24);
    EXPECT_EQ(trailer, static_cast<uint32_t>(c));
    // ACK and NAK are always unsequenced.
    if (v.type == "ACK" || v.type == "NAK") {
      EXPECT_TRUE(v.flags & 0x02);
      EXPECT_EQ(v.seq, 0);
    }
  }
}

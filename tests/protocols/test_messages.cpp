// Message payload codecs: round trips, spec layouts, and rejection of
// truncated, oversized and out-of-range payloads by every decoder.
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <string>

#include "protocols/proto_test_util.h"

extern "C" {
#include "codec/frame.h"
#include "codec/messages.h"
}

using hbp_test::Bytes;
using hbp_test::from_hex;
using hbp_test::Rng;
using hbp_test::to_hex;

namespace {

template <typename M>
using EncodeFn = hbp_status (*)(const M*, uint8_t*, size_t, size_t*);
template <typename M>
using DecodeFn = hbp_status (*)(const uint8_t*, size_t, M*);

template <typename M>
Bytes enc(EncodeFn<M> f, const M& m) {
  Bytes b(HBP_PAYLOAD_MAX);
  size_t n = 0;
  hbp_status st = f(&m, b.data(), b.size(), &n);
  EXPECT_EQ(st, HBP_OK) << hbp_status_name(st);
  b.resize(st == HBP_OK ? n : 0);
  return b;
}

template <typename M>
hbp_status dec(DecodeFn<M> f, const Bytes& p, M* out) {
  return f(p.data(), p.size(), out);
}

hbp_info sample_info() {
  hbp_info m;
  std::memset(&m, 0, sizeof m);
  m.session = 77;
  m.version = 1;
  m.window = 8;
  m.max_payload = 700;
  m.n_slots = 3;
  m.timer_source = HBP_TIMER_SYSTICK_ICOUNT;
  m.rx_policy = HBP_RXP_RING_DMA;
  m.caps = 0x80000001u;
  m.cpuid = 0x410FD213u;
  m.core_clock_hz = 25000000;
  m.timer_hz = 1000000000;
  m.arena_bytes = 65536;
  m.op_count = 65535;
  for (int i = 0; i < 32; ++i) m.plan_hash[i] = static_cast<uint8_t>(255 - i);
  m.input = {HBP_DT_UINT8, 3, {224, 224, 3, 1}, 0.5f, 7};
  m.output = {HBP_DT_FLOAT32, 1, {1000, 1, 1, 1}, -1.25e-9f, -2147483647 - 1};
  std::strcpy(m.fw_build, std::string(HBP_STR_MAX, 'b').c_str());  // longest allowed
  std::strcpy(m.board, "mps2-an505");
  std::strcpy(m.model_name, "");
  std::strcpy(m.timer_unit, "icount");
  return m;
}

void expect_tensor_eq(const hbp_tensor_desc& a, const hbp_tensor_desc& b) {
  EXPECT_EQ(a.dtype, b.dtype);
  EXPECT_EQ(a.ndim, b.ndim);
  for (int i = 0; i < HBP_MAX_DIMS; ++i) EXPECT_EQ(a.dims[i], b.dims[i]);
  EXPECT_EQ(std::memcmp(&a.scale, &b.scale, 4), 0);
  EXPECT_EQ(a.zero_point, b.zero_point);
}

void expect_info_eq(const hbp_info& a, const hbp_info& b) {
  EXPECT_EQ(a.session, b.session);
  EXPECT_EQ(a.version, b.version);
  EXPECT_EQ(a.window, b.window);
  EXPECT_EQ(a.max_payload, b.max_payload);
  EXPECT_EQ(a.n_slots, b.n_slots);
  EXPECT_EQ(a.timer_source, b.timer_source);
  EXPECT_EQ(a.rx_policy, b.rx_policy);
  EXPECT_EQ(a.caps, b.caps);
  EXPECT_EQ(a.cpuid, b.cpuid);
  EXPECT_EQ(a.core_clock_hz, b.core_clock_hz);
  EXPECT_EQ(a.timer_hz, b.timer_hz);
  EXPECT_EQ(a.arena_bytes, b.arena_bytes);
  EXPECT_EQ(a.op_count, b.op_count);
  EXPECT_EQ(std::memcmp(a.plan_hash, b.plan_hash, 32), 0);
  expect_tensor_eq(a.input, b.input);
  expect_tensor_eq(a.output, b.output);
  EXPECT_STREQ(a.fw_build, b.fw_build);
  EXPECT_STREQ(a.board, b.board);
  EXPECT_STREQ(a.model_name, b.model_name);
  EXPECT_STREQ(a.timer_unit, b.timer_unit);
}

// Every prefix shorter than `min_len` must be rejected as truncated, and one
// extra byte as trailing (unless the layout ends in a "rest" blob).
template <typename M>
void expect_strict_length(DecodeFn<M> f, const Bytes& p, size_t min_len, bool has_rest) {
  M m;
  for (size_t n = 0; n < min_len; ++n) {
    Bytes q(p.begin(), p.begin() + static_cast<long>(n));
    EXPECT_EQ(dec(f, q, &m), HBP_ERR_TRUNCATED) << "prefix " << n << " of " << to_hex(p);
  }
  if (!has_rest) {
    Bytes q = p;
    q.push_back(0);
    EXPECT_EQ(dec(f, q, &m), HBP_ERR_TRAILING) << to_hex(p);
  }
  Bytes huge(HBP_PAYLOAD_MAX + 1, 1);
  std::copy(p.begin(), p.end(), huge.begin());
  EXPECT_EQ(dec(f, huge, &m), HBP_ERR_TOO_LONG);
}

}  // namespace

TEST(HbpMessages, HelloRoundTripAndLayout) {
  hbp_hello m{1, 4, 1012, 0x11223344u};
  Bytes p = enc(hbp_hello_encode, m);
  EXPECT_EQ(to_hex(p), "0104f40344332211");  // version, window, max_payload LE, session LE
  hbp_hello d;
  ASSERT_EQ(dec(hbp_hello_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.version, 1);
  EXPECT_EQ(d.window, 4);
  EXPECT_EQ(d.max_payload, 1012);
  EXPECT_EQ(d.session, 0x11223344u);
  expect_strict_length(hbp_hello_decode, p, p.size(), false);
}

TEST(HbpMessages, HelloRanges) {
  hbp_hello d;
  for (const char* bad :
       {"0004f40300000000", "0100f40300000000", "0121f40300000000", "0104ff0100000000", "0104f50300000000"}) {
    EXPECT_EQ(dec(hbp_hello_decode, from_hex(bad), &d), HBP_ERR_RANGE) << bad;
  }
  EXPECT_EQ(dec(hbp_hello_decode, from_hex("0120000200000000"), &d), HBP_OK);  // window 32, payload 512
  Bytes b(16);
  size_t n;
  hbp_hello m{1, 0, 1012, 0};
  EXPECT_EQ(hbp_hello_encode(&m, b.data(), b.size(), &n), HBP_ERR_RANGE);
  m = {1, 4, 1012, 0};
  EXPECT_EQ(hbp_hello_encode(&m, b.data(), 7, &n), HBP_ERR_NOSPACE);
}

TEST(HbpMessages, InfoRoundTrip) {
  hbp_info m = sample_info();
  Bytes p = enc(hbp_info_encode, m);
  // 117 fixed bytes + four str8 fields.
  EXPECT_EQ(p.size(), 117u + 4u + HBP_STR_MAX + 10u + 0u + 6u);
  EXPECT_LE(p.size(), HBP_PAYLOAD_MIN);
  hbp_info d;
  ASSERT_EQ(dec(hbp_info_decode, p, &d), HBP_OK);
  expect_info_eq(m, d);
  expect_strict_length(hbp_info_decode, p, p.size(), false);
}

TEST(HbpMessages, InfoWorstCaseFitsMinimumPayload) {
  hbp_info m = sample_info();
  std::string longest(HBP_STR_MAX, 'x');
  std::strcpy(m.board, longest.c_str());
  std::strcpy(m.model_name, longest.c_str());
  std::strcpy(m.timer_unit, longest.c_str());
  Bytes p = enc(hbp_info_encode, m);
  EXPECT_LE(p.size(), HBP_PAYLOAD_MIN);
}

TEST(HbpMessages, InfoRanges) {
  hbp_info m = sample_info();
  Bytes b(HBP_PAYLOAD_MAX);
  size_t n;
  auto expect_range = [&](const std::function<void(hbp_info&)>& edit, const char* what) {
    hbp_info x = sample_info();
    edit(x);
    EXPECT_EQ(hbp_info_encode(&x, b.data(), b.size(), &n), HBP_ERR_RANGE) << what;
  };
  expect_range([](hbp_info& x) { x.timer_source = 4; }, "timer_source");
  expect_range([](hbp_info& x) { x.rx_policy = 3; }, "rx_policy");
  expect_range([](hbp_info& x) { x.n_slots = 0; }, "n_slots");
  expect_range([](hbp_info& x) { x.timer_hz = 0; }, "timer_hz");
  expect_range([](hbp_info& x) { x.input.dtype = 0; }, "dtype 0");
  expect_range([](hbp_info& x) { x.output.dtype = 6; }, "dtype 6");
  expect_range([](hbp_info& x) { x.input.ndim = 5; }, "ndim");
  expect_range([](hbp_info& x) { std::memset(x.board, 'z', sizeof x.board); }, "unterminated string");

  // Decoder side: patch an encoded INFO.
  Bytes p = enc(hbp_info_encode, m);
  hbp_info d;
  Bytes q = p;
  q[9] = 4;  // timer_source (offset 9: session 4, version, window, max_payload 2, n_slots)
  EXPECT_EQ(dec(hbp_info_decode, q, &d), HBP_ERR_RANGE);
  q = p;
  q[117] = HBP_STR_MAX + 1;  // fw_build length beyond the limit
  EXPECT_NE(dec(hbp_info_decode, q, &d), HBP_OK);
  q = p;
  q[118] = 0;  // NUL inside fw_build
  EXPECT_EQ(dec(hbp_info_decode, q, &d), HBP_ERR_RANGE);
}

TEST(HbpMessages, LoadRoundTripAndLimits) {
  Bytes data(HBP_PAYLOAD_MAX - HBP_LOAD_FIXED, 0);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  hbp_load m{3, 0xFFFFFFFFu - static_cast<uint32_t>(data.size()) + 1u, data.data(), static_cast<uint16_t>(data.size())};
  Bytes p = enc(hbp_load_encode, m);
  ASSERT_EQ(p.size(), HBP_PAYLOAD_MAX);
  hbp_load d;
  ASSERT_EQ(dec(hbp_load_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.slot, 3);
  EXPECT_EQ(d.offset, m.offset);
  ASSERT_EQ(d.len, data.size());
  EXPECT_EQ(Bytes(d.data, d.data + d.len), data);
  EXPECT_EQ(d.data, p.data() + HBP_LOAD_FIXED);  // zero-copy view into the payload
  expect_strict_length(hbp_load_decode, p, HBP_LOAD_FIXED + 1, true);

  // offset + len past 2^32
  m.offset += 1;
  Bytes b(HBP_PAYLOAD_MAX);
  size_t n;
  EXPECT_EQ(hbp_load_encode(&m, b.data(), b.size(), &n), HBP_ERR_RANGE);
  EXPECT_EQ(dec(hbp_load_decode, from_hex("01ffffffff0102"), &d), HBP_ERR_RANGE);
  hbp_load empty{0, 0, nullptr, 0};
  EXPECT_EQ(hbp_load_encode(&empty, b.data(), b.size(), &n), HBP_ERR_RANGE);
  // One byte more than a frame can carry.
  Bytes too_much(HBP_PAYLOAD_MAX - HBP_LOAD_FIXED + 1, 1);
  hbp_load big{0, 0, too_much.data(), static_cast<uint16_t>(too_much.size())};
  Bytes huge(4096);
  EXPECT_EQ(hbp_load_encode(&big, huge.data(), huge.size(), &n), HBP_ERR_TOO_LONG);
}

TEST(HbpMessages, InferRoundTripAndLayout) {
  hbp_infer m{1, HBP_INFER_PER_OP | HBP_INFER_NO_OUTPUT, 0xA1B2C3D4u};
  Bytes p = enc(hbp_infer_encode, m);
  EXPECT_EQ(to_hex(p), "0103d4c3b2a1");
  hbp_infer d;
  ASSERT_EQ(dec(hbp_infer_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.slot, 1);
  EXPECT_EQ(d.flags, 3);
  EXPECT_EQ(d.tag, 0xA1B2C3D4u);
  expect_strict_length(hbp_infer_decode, p, p.size(), false);
}

TEST(HbpMessages, ResultRoundTripAndBodyBound) {
  Bytes body = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
  hbp_result m{7,
               HBP_RS_ENGINE_ERROR,
               1,
               HBP_RF_PER_OP | HBP_RF_RX_OVERFLOW,
               0xFEDCBA9876543210ull,
               33,
               6,
               1,
               body.data(),
               static_cast<uint16_t>(body.size())};
  Bytes p = enc(hbp_result_encode, m);
  ASSERT_EQ(p.size(), HBP_RESULT_FIXED + body.size());
  // tag, status, slot, flags, ticks, rx_bytes, output_bytes, op_count
  EXPECT_EQ(to_hex(Bytes(p.begin(), p.begin() + 26)),
            "07000000"
            "0400"
            "01"
            "03"
            "1032547698badcfe"
            "21000000"
            "06000000"
            "0100");
  hbp_result d;
  ASSERT_EQ(dec(hbp_result_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.tag, 7u);
  EXPECT_EQ(d.status, HBP_RS_ENGINE_ERROR);
  EXPECT_EQ(d.slot, 1);
  EXPECT_EQ(d.flags, 3);
  EXPECT_EQ(d.ticks, 0xFEDCBA9876543210ull);
  EXPECT_EQ(d.rx_bytes, 33u);
  EXPECT_EQ(d.output_bytes, 6u);
  EXPECT_EQ(d.op_count, 1);
  EXPECT_EQ(Bytes(d.data, d.data + d.len), body);
  expect_strict_length(hbp_result_decode, p, HBP_RESULT_FIXED, true);

  // More data than output_bytes + 4 * op_count cannot be a result body.
  p.push_back(0xEE);
  EXPECT_EQ(dec(hbp_result_decode, p, &d), HBP_ERR_RANGE);
  m.len = static_cast<uint16_t>(body.size() + 1);
  Bytes body2 = body;
  body2.push_back(1);
  m.data = body2.data();
  Bytes b(HBP_PAYLOAD_MAX);
  size_t n;
  EXPECT_EQ(hbp_result_encode(&m, b.data(), b.size(), &n), HBP_ERR_RANGE);
}

TEST(HbpMessages, ResultChunkRoundTrip) {
  Bytes data = {0, 1, 0, 2};
  hbp_result_chunk m{5, 1000, data.data(), 4};
  Bytes p = enc(hbp_result_chunk_encode, m);
  EXPECT_EQ(to_hex(p), "05000000e803000000010002");
  hbp_result_chunk d;
  ASSERT_EQ(dec(hbp_result_chunk_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.tag, 5u);
  EXPECT_EQ(d.offset, 1000u);
  EXPECT_EQ(Bytes(d.data, d.data + d.len), data);
  expect_strict_length(hbp_result_chunk_decode, p, HBP_RESULT_CHUNK_FIXED + 1, true);
}

TEST(HbpMessages, PingPongRoundTrip) {
  Bytes data = {1, 0, 3};
  hbp_ping m{0xCAFEBABEu, data.data(), 3};
  Bytes p = enc(hbp_ping_encode, m);
  EXPECT_EQ(to_hex(p), "bebafeca010003");
  hbp_ping d;
  ASSERT_EQ(dec(hbp_ping_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.token, 0xCAFEBABEu);
  EXPECT_EQ(Bytes(d.data, d.data + d.len), data);
  expect_strict_length(hbp_ping_decode, p, HBP_PING_FIXED, true);
  ASSERT_EQ(dec(hbp_ping_decode, from_hex("01000000"), &d), HBP_OK);
  EXPECT_EQ(d.len, 0);

  hbp_pong g{0xCAFEBABEu, 0x8000000000000001ull, data.data(), 3};
  p = enc(hbp_pong_encode, g);
  EXPECT_EQ(to_hex(p), "bebafeca0100000000000080010003");
  hbp_pong gd;
  ASSERT_EQ(dec(hbp_pong_decode, p, &gd), HBP_OK);
  EXPECT_EQ(gd.token, 0xCAFEBABEu);
  EXPECT_EQ(gd.timer_ticks, 0x8000000000000001ull);
  EXPECT_EQ(Bytes(gd.data, gd.data + gd.len), data);
  expect_strict_length(hbp_pong_decode, p, HBP_PONG_FIXED, true);
}

TEST(HbpMessages, ResetRoundTripAndRange) {
  for (uint8_t mode : {uint8_t{0}, uint8_t{1}}) {
    hbp_reset m{mode};
    Bytes p = enc(hbp_reset_encode, m);
    EXPECT_EQ(p, Bytes{mode});
    hbp_reset d;
    ASSERT_EQ(dec(hbp_reset_decode, p, &d), HBP_OK);
    EXPECT_EQ(d.mode, mode);
    expect_strict_length(hbp_reset_decode, p, 1, false);
  }
  hbp_reset d;
  EXPECT_EQ(dec(hbp_reset_decode, Bytes{2}, &d), HBP_ERR_RANGE);
}

TEST(HbpMessages, ErrorAndLogRoundTrip) {
  hbp_error e;
  std::memset(&e, 0, sizeof e);
  e.code = HBP_EC_UNKNOWN_TYPE;
  e.ref_seq = 0xABCD;
  e.ref_type = 0x7F;
  std::strcpy(e.text, "no");
  Bytes p = enc(hbp_error_encode, e);
  EXPECT_EQ(to_hex(p), "0200cdab7f026e6f");
  hbp_error ed;
  ASSERT_EQ(dec(hbp_error_decode, p, &ed), HBP_OK);
  EXPECT_EQ(ed.code, HBP_EC_UNKNOWN_TYPE);
  EXPECT_EQ(ed.ref_seq, 0xABCD);
  EXPECT_EQ(ed.ref_type, 0x7F);
  EXPECT_STREQ(ed.text, "no");
  expect_strict_length(hbp_error_decode, p, p.size(), false);

  hbp_log l;
  std::memset(&l, 0, sizeof l);
  l.level = HBP_LOG_DEBUG;
  std::strcpy(l.text, std::string(HBP_TEXT_MAX, 'q').c_str());
  p = enc(hbp_log_encode, l);
  hbp_log ld;
  ASSERT_EQ(dec(hbp_log_decode, p, &ld), HBP_OK);
  EXPECT_EQ(ld.level, HBP_LOG_DEBUG);
  EXPECT_EQ(std::string(ld.text), std::string(HBP_TEXT_MAX, 'q'));
  expect_strict_length(hbp_log_decode, p, p.size(), false);

  // Text one character too long, bad level.
  Bytes b(HBP_PAYLOAD_MAX);
  size_t n;
  std::memset(l.text, 'q', sizeof l.text);
  EXPECT_EQ(hbp_log_encode(&l, b.data(), b.size(), &n), HBP_ERR_RANGE);
  Bytes long_text = {2, HBP_TEXT_MAX + 1};
  long_text.resize(2 + HBP_TEXT_MAX + 1, 'a');
  EXPECT_EQ(dec(hbp_log_decode, long_text, &ld), HBP_ERR_RANGE);
  EXPECT_EQ(dec(hbp_log_decode, from_hex("04026869"), &ld), HBP_ERR_RANGE);
  EXPECT_EQ(dec(hbp_log_decode, from_hex("0202686900"), &ld), HBP_ERR_TRAILING);
}

TEST(HbpMessages, AckNakRoundTripAndLayout) {
  hbp_ack a{0x1234};
  Bytes p = enc(hbp_ack_encode, a);
  EXPECT_EQ(to_hex(p), "3412");
  hbp_ack ad;
  ASSERT_EQ(dec(hbp_ack_decode, p, &ad), HBP_OK);
  EXPECT_EQ(ad.next, 0x1234);
  expect_strict_length(hbp_ack_decode, p, p.size(), false);

  hbp_nak k{0xFFFF, HBP_NAK_NOT_SYNCED};
  p = enc(hbp_nak_encode, k);
  EXPECT_EQ(to_hex(p), "ffff03");
  hbp_nak kd;
  ASSERT_EQ(dec(hbp_nak_decode, p, &kd), HBP_OK);
  EXPECT_EQ(kd.next, 0xFFFF);
  EXPECT_EQ(kd.reason, HBP_NAK_NOT_SYNCED);
  expect_strict_length(hbp_nak_decode, p, p.size(), false);
  EXPECT_EQ(dec(hbp_nak_decode, from_hex("000000"), &kd), HBP_ERR_RANGE);
  EXPECT_EQ(dec(hbp_nak_decode, from_hex("000005"), &kd), HBP_ERR_RANGE);
}

TEST(HbpMessages, TensorBytes) {
  hbp_tensor_desc t{HBP_DT_INT8, 4, {1, 96, 96, 3}, 1.0f, 0};
  EXPECT_EQ(hbp_tensor_bytes(&t), 27648u);
  t.dtype = HBP_DT_INT16;
  EXPECT_EQ(hbp_tensor_bytes(&t), 55296u);
  t = {HBP_DT_FLOAT32, 2, {1, 1000, 7, 7}, 1.0f, 0};  // dims past ndim do not count
  EXPECT_EQ(hbp_tensor_bytes(&t), 4000u);
  t.dtype = 0;
  EXPECT_EQ(hbp_tensor_bytes(&t), 0u);
}

// Any payload a decoder accepts must re-encode to the very same bytes: the
// decoders read exactly the layout and nothing else. Inputs are valid
// payloads with random damage (byte changes, cuts, extensions) plus pure
// noise; many are rejected, the accepted ones are checked. (Run under
// ASan/UBSan too.)
TEST(HbpMessages, DecodersAreCanonicalOnRandomInput) {
  Rng rng(2024);
  struct Codec {
    const char* name;
    Bytes sample;
    std::function<int(const Bytes&)> check;
  };
  std::vector<Codec> codecs;
  auto add = [&](const char* name, auto decode, auto encode, auto msg) {
    Bytes sample = enc(encode, msg);
    auto zero = decltype(msg){};
    codecs.push_back({name, sample, [=](const Bytes& p) -> int {
                        auto m = zero;
                        if (decode(p.data(), p.size(), &m) != HBP_OK) return 0;
                        Bytes again(HBP_PAYLOAD_MAX);
                        size_t n = 0;
                        EXPECT_EQ(encode(&m, again.data(), again.size(), &n), HBP_OK) << to_hex(p);
                        again.resize(n);
                        EXPECT_EQ(to_hex(again), to_hex(p));
                        return 1;
                      }});
  };
  static const uint8_t blob[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  hbp_error err{};
  err.code = 1;
  std::strcpy(err.text, "abc");
  hbp_log log{};
  log.level = 1;
  std::strcpy(log.text, "hello");
  add("hello", hbp_hello_decode, hbp_hello_encode, hbp_hello{1, 4, 600, 9});
  add("info", hbp_info_decode, hbp_info_encode, sample_info());
  add("load", hbp_load_decode, hbp_load_encode, hbp_load{1, 20, blob, 10});
  add("infer", hbp_infer_decode, hbp_infer_encode, hbp_infer{1, 1, 5});
  add("result", hbp_result_decode, hbp_result_encode, hbp_result{1, 0, 0, 0, 99, 0, 6, 1, blob, 10});
  add("result_chunk", hbp_result_chunk_decode, hbp_result_chunk_encode, hbp_result_chunk{1, 4, blob, 10});
  add("ping", hbp_ping_decode, hbp_ping_encode, hbp_ping{1, blob, 10});
  add("pong", hbp_pong_decode, hbp_pong_encode, hbp_pong{1, 2, blob, 10});
  add("reset", hbp_reset_decode, hbp_reset_encode, hbp_reset{0});
  add("error", hbp_error_decode, hbp_error_encode, err);
  add("log", hbp_log_decode, hbp_log_encode, log);
  add("ack", hbp_ack_decode, hbp_ack_encode, hbp_ack{5});
  add("nak", hbp_nak_decode, hbp_nak_encode, hbp_nak{5, 2});

  for (auto& c : codecs) {
    SCOPED_TRACE(c.name);
    int accepted = 0, rejected = 0;
    for (int iter = 0; iter < 500; ++iter) {
      Bytes p;
      if (iter % 4 == 3) {
        p = rng.bytes(rng.below(40));
      } else {
        p = c.sample;
        int edits = 1 + static_cast<int>(rng.below(3));
        for (int k = 0; k < edits && !p.empty(); ++k) {
          switch (rng.below(3)) {
            case 0:
              p[rng.below(static_cast<uint32_t>(p.size()))] = rng.byte();
              break;
            case 1:
              p.resize(rng.below(static_cast<uint32_t>(p.size()) + 1));
              break;
            default:
              p.push_back(rng.byte());
              break;
          }
        }
      }
      int ok = c.check(p);
      accepted += ok;
      rejected += !ok;
    }
    EXPECT_GT(accepted, 0);
    EXPECT_GT(rejected, 0);
  }
}

TEST(HbpMessages, SetBaudAndBaudRoundTripAndRanges) {
  hbp_set_baud m{3000000u, 1000u};
  Bytes p = enc(hbp_set_baud_encode, m);
  EXPECT_EQ(to_hex(p), "c0c62d00e803");  // baud LE, revert_ms LE
  hbp_set_baud d;
  ASSERT_EQ(dec(hbp_set_baud_decode, p, &d), HBP_OK);
  EXPECT_EQ(d.baud, 3000000u);
  EXPECT_EQ(d.revert_ms, 1000u);
  uint8_t buf[16];
  size_t n = 0;
  hbp_set_baud zero{0u, 1000u};
  EXPECT_EQ(hbp_set_baud_encode(&zero, buf, sizeof buf, &n), HBP_ERR_RANGE);
  const uint8_t no_revert[6] = {1, 0, 0, 0, 0, 0};
  EXPECT_EQ(hbp_set_baud_decode(no_revert, sizeof no_revert, &d), HBP_ERR_RANGE);
  EXPECT_EQ(hbp_set_baud_decode(no_revert, 5, &d), HBP_ERR_TRUNCATED);

  hbp_baud b{2000000u, HBP_BAUD_UNSUPPORTED};
  Bytes q = enc(hbp_baud_encode, b);
  EXPECT_EQ(to_hex(q), "80841e0001");
  hbp_baud e;
  ASSERT_EQ(dec(hbp_baud_decode, q, &e), HBP_OK);
  EXPECT_EQ(e.baud, 2000000u);
  EXPECT_EQ(e.status, HBP_BAUD_UNSUPPORTED);
  q[4] = 2;
  EXPECT_EQ(dec(hbp_baud_decode, q, &e), HBP_ERR_RANGE);
  EXPECT_STREQ(hbp_msg_name(HBP_MSG_SET_BAUD), "SET_BAUD");
  EXPECT_STREQ(hbp_msg_name(HBP_MSG_BAUD), "BAUD");
}

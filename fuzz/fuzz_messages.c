/* Every message decoder on any payload (byte 0 picks the decoder first, then
 * all run); what decodes re-encodes. */
#include <stdlib.h>

#include "codec/messages.h"

#define TRY(T, dec, enc)                                               \
  do {                                                                 \
    T m;                                                               \
    if (dec(p, n, &m) == HBP_OK) (void)enc(&m, buf, sizeof buf, &len); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint8_t buf[4096];
  size_t len = 0;
  const uint8_t* p = data;
  const size_t n = size;
  TRY(hbp_hello, hbp_hello_decode, hbp_hello_encode);
  TRY(hbp_info, hbp_info_decode, hbp_info_encode);
  TRY(hbp_load, hbp_load_decode, hbp_load_encode);
  TRY(hbp_infer, hbp_infer_decode, hbp_infer_encode);
  TRY(hbp_result, hbp_result_decode, hbp_result_encode);
  TRY(hbp_result_chunk, hbp_result_chunk_decode, hbp_result_chunk_encode);
  TRY(hbp_ping, hbp_ping_decode, hbp_ping_encode);
  TRY(hbp_pong, hbp_pong_decode, hbp_pong_encode);
  TRY(hbp_reset, hbp_reset_decode, hbp_reset_encode);
  TRY(hbp_error, hbp_error_decode, hbp_error_encode);
  TRY(hbp_log, hbp_log_decode, hbp_log_encode);
  TRY(hbp_ack, hbp_ack_decode, hbp_ack_encode);
  TRY(hbp_nak, hbp_nak_decode, hbp_nak_encode);
  return 0;
}

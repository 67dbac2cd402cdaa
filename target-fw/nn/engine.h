/* int8 inference engine: validates a model plan and runs it over a
 * caller-owned arena. C11, freestanding, no allocation. Compiled unchanged
 * into the firmware and into the host tool. */
#ifndef HB_ENGINE_H
#define HB_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "plan_format.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  HB_OK = 0,
  HB_E_MAGIC,   /* not a plan */
  HB_E_VERSION, /* plan format version not supported */
  HB_E_SIZE,    /* blob shorter than it says, or tables out of bounds */
  HB_E_CRC,     /* corrupt plan */
  HB_E_TENSOR,  /* a tensor references memory outside arena/blob */
  HB_E_OP,      /* unknown op kind or bad tensor index */
  HB_E_PARAMS,  /* op params out of bounds or inconsistent */
  HB_E_ARENA,   /* caller's arena smaller than the plan needs */
  HB_E_ALIGN,   /* blob or arena not 16-byte aligned */
} hb_status;

typedef struct {
  const uint8_t* blob;
  const hb_plan_header* hdr;
  const hb_tensor* tensors;
  const hb_op* ops;
  /* Set by hb_plan_open: the index of the op (in the plan's op table) whose
   * check failed, or HB_NO_OP when the failure is not in an op (or none). */
  uint32_t bad_op;
} hb_plan;

#define HB_NO_OP 0xFFFFFFFFu

/* Called before (phase 0) and after (phase 1) each op; used for per-op timing. */
typedef void (*hb_op_hook)(void* user, uint32_t op_index, int phase);

const char* hb_status_str(hb_status s);

/* Validates a plan completely: header, CRC, tensor table, and each op's
 * params for its kind (plan_check.h). After HB_OK, hb_run reads and writes
 * only inside the blob, the tensors and the arena, with no undefined
 * behaviour, whatever the input data. On failure p->bad_op names the op. */
hb_status hb_plan_open(hb_plan* p, const void* blob, uint32_t size);

/* The CRC a plan's header carries: CRC-32 of the whole blob [0, total_bytes)
 * with the crc32 field read as zero. Writers (the importer, tests, fuzzers)
 * call it after filling everything else. total_bytes >= sizeof header. */
uint32_t hb_plan_crc(const void* blob, uint32_t total_bytes);

/* Runs all ops. The input tensor must already be written into the arena
 * (see hb_tensor_data). hook may be NULL. */
hb_status hb_run(const hb_plan* p, uint8_t* arena, uint32_t arena_size, hb_op_hook hook, void* user);

/* Pointer to a tensor's bytes (arena or blob). */
void* hb_tensor_data(const hb_plan* p, uint8_t* arena, uint32_t tensor);

uint32_t hb_crc32(uint32_t crc, const void* data, size_t len);

#ifdef __cplusplus
}
#endif
#endif

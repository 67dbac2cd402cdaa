/* Model plan: the binary blob the importer (host) writes and the engine
 * (firmware and host) executes. Position independent: every reference is a
 * byte offset from the start of the blob, so the same bytes work from a file,
 * from RAM or from a fixed flash region. Little-endian, 16-byte aligned
 * sections. Bump HB_PLAN_VERSION on any layout change. */
#ifndef HB_PLAN_FORMAT_H
#define HB_PLAN_FORMAT_H

#include <stdint.h>

#define HB_PLAN_MAGIC 0x4C504248u /* "HBPL" little-endian */
#define HB_PLAN_VERSION 2u        /* 2: the CRC covers the header too */
#define HB_PLAN_ALIGN 16u
#define HB_MAX_DIMS 4
#define HB_OP_MAX_IN 3

/* Tensor element types (numbering is our own, not TFLite's). */
enum hb_dtype {
  HB_DT_INT8 = 1,
  HB_DT_UINT8 = 2,
  HB_DT_INT16 = 3,
  HB_DT_INT32 = 4,
  HB_DT_FLOAT32 = 5,
};

/* Where a tensor's bytes live. */
enum hb_where {
  HB_IN_ARENA = 0, /* offset is into the activation arena */
  HB_IN_BLOB = 1,  /* offset is into the plan blob (constant) */
};

/* Op kinds. Values are part of the plan format: append only. */
enum hb_op_kind {
  HB_OP_CONV2D = 1,
  HB_OP_DWCONV2D = 2,
  HB_OP_FULLY_CONNECTED = 3,
  HB_OP_AVG_POOL2D = 4,
  HB_OP_MAX_POOL2D = 5,
  HB_OP_PAD = 6,
  HB_OP_ADD = 7,
  HB_OP_MUL = 8,
  HB_OP_MEAN = 9,
  HB_OP_SOFTMAX = 10,
  HB_OP_LOGISTIC = 11,
  HB_OP_HARD_SWISH = 12,
  HB_OP_MINIMUM = 13,
  HB_OP_MAXIMUM = 14,
  HB_OP_QUANTIZE = 15,
  HB_OP_DEQUANTIZE = 16,
  HB_OP_COPY = 17, /* RESHAPE between distinct buffers */
  HB_OP_KIND_COUNT = 18
};

typedef struct {
  uint32_t magic;       /* HB_PLAN_MAGIC */
  uint32_t version;     /* HB_PLAN_VERSION */
  uint32_t total_bytes; /* whole blob, header included */
  uint32_t crc32;       /* hb_plan_crc: CRC-32 (IEEE) of [0, total), this field as 0 */
  uint32_t n_tensors;
  uint32_t n_ops;
  uint32_t tensors_off;  /* hb_tensor[n_tensors] */
  uint32_t ops_off;      /* hb_op[n_ops] */
  uint32_t arena_bytes;  /* peak activation memory of the static plan */
  uint32_t input_tensor; /* index into tensors */
  uint32_t output_tensor;
  uint32_t flags;           /* reserved, must be 0 */
  uint8_t model_sha256[32]; /* of the source .tflite: identifies the model */
  char name[48];            /* model name, NUL terminated (checked) */
} hb_plan_header;           /* 128 bytes */

typedef struct {
  int32_t dims[HB_MAX_DIMS]; /* outermost first; unused trailing dims = 1 */
  uint8_t ndim;
  uint8_t dtype; /* enum hb_dtype */
  uint8_t where; /* enum hb_where */
  uint8_t reserved;
  int32_t zero_point; /* per-tensor; per-channel data lives in op params */
  float scale;
  uint32_t offset; /* byte offset in arena or blob */
  uint32_t bytes;
} hb_tensor; /* 36 bytes */

typedef struct {
  uint16_t kind; /* enum hb_op_kind */
  uint8_t n_in;
  uint8_t n_out;
  uint16_t in[HB_OP_MAX_IN]; /* tensor indices (activations or constants) */
  uint16_t out;              /* tensor index */
  uint32_t params_off;       /* op-specific params struct in the blob */
  uint32_t params_bytes;
  uint32_t src_index; /* operator index in the source .tflite, for errors and profiles */
} hb_op;              /* 24 bytes */

#endif

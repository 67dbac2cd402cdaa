/* Shared iteration for binary element-wise ops (ADD, MUL, MINIMUM, MAXIMUM)
 * with TFLite's numpy-style broadcasting. The importer resolves the shapes
 * once: the output is walked as a 4-D array and each input is addressed by
 * per-dimension element strides, 0 where that input is broadcast. Adjacent
 * dimensions that broadcast the same way are merged at import, so the common
 * cases (same shape; [1,H,W,C] x [1,1,1,C]) run as long contiguous rows. */
#ifndef HB_ELTWISE_BCAST_H
#define HB_ELTWISE_BCAST_H

#include <stdint.h>

#include "nn/kernel_api.h"

typedef struct {
  int32_t out_dims[4];    /* output extents, outermost first; product = output elements */
  int32_t in1_strides[4]; /* element stride of input 1 per output dimension (0 = broadcast) */
  int32_t in2_strides[4];
} hb_bcast4;

/* Processes one innermost row of n outputs; the inputs advance by s1 / s2
 * elements (each 0 or 1 for the innermost dimension). */
typedef void (*hb_bcast_row_fn)(const void* params, const int8_t* a, int32_t s1, const int8_t* b, int32_t s2,
                                int8_t* out, int32_t n);

/* Import-time helper: the descriptor for inputs of shapes shape1 (rank1 <= 4)
 * and shape2 under TFLite's broadcasting rules (trailing dimensions aligned,
 * each pair equal or one of them 1). Writes the broadcast output shape,
 * right-aligned in 4 dims, to out_shape4. Returns 0, or -1 if the shapes are
 * incompatible. */
int hb_bcast4_init(hb_bcast4* bc, int32_t out_shape4[4], const int32_t* shape1, int rank1, const int32_t* shape2,
                   int rank2);

/* HB_OK if the descriptor stays inside tensors of n1 / n2 / nout elements. */
hb_status hb_bcast4_check(const hb_bcast4* bc, uint32_t n1, uint32_t n2, uint32_t nout);

void hb_bcast4_run(const hb_bcast4* bc, const int8_t* in1, const int8_t* in2, int8_t* out, hb_bcast_row_fn row,
                   const void* params);

/* A requantization shift hb_mul_qm can apply without undefined behaviour. */
static inline int hb_qm_shift_ok(int32_t shift) { return shift >= -31 && shift <= 30; }

/* Common checks for a binary op over int8 tensors whose params struct starts
 * with an hb_bcast4 of params_size bytes. */
hb_status hb_bcast4_check_op(const hb_ctx* c, uint32_t params_size);

#endif

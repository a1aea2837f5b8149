// Softmax and log-softmax along the middle axis of an [outer, n, inner] layout, and
// the fused sparse softmax cross-entropy forward, for float32/float16/bfloat16 data:
// computed in float32 with the bit-exact exp/log of math-f32.h and rounded once to the
// output dtype, like src/backend/reference/softmax-kernels.ts. The 16-lane paths sum a
// contiguous row (inner == 1) in 16 partial sums, so they agree with the reference
// within float32 accumulation-order tolerance; the inner > 1 layout (one lane per
// column, summed in order) and the scalar paths follow the reference's order exactly.
// A NaN (or +inf) anywhere in a row makes the whole row NaN, as in the reference.
// Each returns false for dtypes it has no kernel for.
#pragma once

#include <cstdint>

#include "kernels/dtype.h"

namespace kerats {

bool softmax(DT dt, const void* x, int64_t outer, int64_t n, int64_t inner, void* out, bool log);

// loss[r] = logsumexp(logits[r, :]) - logits[r, labels[r]], float32; labels in range.
bool sparse_softmax_cross_entropy(DT dt, const void* logits, const int32_t* labels, int64_t rows, int64_t classes, float* out);

}  // namespace kerats

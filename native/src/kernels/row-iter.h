// Splits an n-d broadcast iteration into parallel tasks over innermost rows.
// Row r's input offsets come straight from its index, so any task can start
// anywhere; large rows are also cut into chunks so one big row still uses every
// thread.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "thread-pool.h"

namespace kerats {

struct Broadcast {
  std::vector<int64_t> shape;                 // output shape (rank >= 1; scalars use {1})
  std::vector<std::vector<int64_t>> strides;  // per input, per dim (0 where broadcast)
};

// Calls seg(outOffset, inOffsets[k], innerStride[k], length) for every row segment.
template <class Seg>
void for_each_segment(const Broadcast& b, Seg&& seg) {
  const int rank = int(b.shape.size());
  const size_t k = b.strides.size();
  const int64_t len = b.shape[rank - 1];
  int64_t rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= b.shape[d];
  if (len == 0 || rows == 0) return;
  constexpr int64_t kGrain = 1 << 15;
  const int64_t chunks = rows >= 64 ? 1 : std::max<int64_t>(1, len / kGrain);
  const int64_t chunk = ((len + chunks - 1) / chunks + 15) / 16 * 16;
  const int64_t rows_per_task = chunks > 1 ? 1 : std::max<int64_t>(1, kGrain / std::max<int64_t>(len, 1));
  const int64_t tasks = chunks > 1 ? rows * chunks : (rows + rows_per_task - 1) / rows_per_task;
  auto run = [&](int64_t task, int) {
    int64_t r0 = chunks > 1 ? task / chunks : task * rows_per_task;
    const int64_t r1 = chunks > 1 ? r0 + 1 : std::min(rows, r0 + rows_per_task);
    for (int64_t r = r0; r < r1; r++) {
      int64_t offs[4] = {0, 0, 0, 0};
      int64_t rem = r;
      for (int d = rank - 2; d >= 0; d--) {
        const int64_t idx = rem % b.shape[d];
        rem /= b.shape[d];
        for (size_t j = 0; j < k; j++) offs[j] += idx * b.strides[j][d];
      }
      int64_t s0 = 0, s1 = len;
      if (chunks > 1) {
        s0 = std::min(len, (task % chunks) * chunk);
        s1 = std::min(len, s0 + chunk);
      }
      int64_t in[4], step[4];
      for (size_t j = 0; j < k; j++) {
        step[j] = b.strides[j][rank - 1];
        in[j] = offs[j] + s0 * step[j];
      }
      if (s1 > s0) seg(r * len + s0, in, step, s1 - s0);
    }
  };
  if (rows * len < kGrain) {
    for (int64_t t = 0; t < tasks; t++) run(t, 0);
  } else {
    parallel_for(tasks, run);
  }
}

}  // namespace kerats

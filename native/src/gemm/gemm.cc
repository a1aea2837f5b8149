// GEMM driver: kernel selection, cache blocking, threading and the epilogue.
//
// Loop nest (BLIS order), for each m chunk / nc column block / kc slice:
//   1. pack the kc x nc panel of op(B) (all threads, shared buffer);
//   2. tasks = (mc row block) x (range of nr micro-panels); each task packs
//      its mc x kc block of op(A) into a per-thread buffer and runs the
//      microkernel over mr x nr tiles (B micro-panel reused from L1 across
//      the mr tiles of the block).
// Partial k sums live in C itself when C is float32; for f16/bf16 outputs
// with k > kc they live in a float32 workspace (so rounding happens once),
// and the m range is chunked to bound that workspace. After the last kc
// slice each finished tile goes through bias, relu, the user epilogue and
// rounding to c_type while it is still in L1. Products of at most kSmallMMaxM
// rows take their own path instead (gemm_small_m: A packed once, tasks over
// column groups that pack their own B).
#include "gemm.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "../cpu-features.h"
#include "../thread-pool.h"
#include "gemm-internal.h"
#include "tiles.h"

namespace kerats {

using namespace gemm_detail;

namespace {

// Grow-only 64-byte aligned scratch buffer (one per thread, reused across calls).
struct Scratch {
  void* p = nullptr;
  size_t size = 0;
  ~Scratch() { std::free(p); }
  void* get(size_t bytes) {
    if (bytes > size) {
      std::free(p);
      size = (bytes + 4095) & ~size_t(4095);
      p = std::aligned_alloc(64, size);
      if (!p) std::abort();
    }
    return p;
  }
};

Scratch& thread_scratch_a() {
  static thread_local Scratch s;
  return s;
}
Scratch& thread_scratch_tile() {
  static thread_local Scratch s;
  return s;
}
Scratch& caller_scratch_b() {
  static thread_local Scratch s;
  return s;
}
Scratch& caller_scratch_ws() {
  static thread_local Scratch s;
  return s;
}

size_t dtype_size(DT t) { return t == DT::F32 ? 4 : 2; }

struct Selection {
  const Impl* f32;
  const Impl* bf16;  // may be null
  RowFinisher fin;
  Impl f32_copy, bf16_copy;  // with block-size overrides applied
};

// KERATS_GEMM_KC / _MC / _NC override the cache block sizes (tuning aid;
// rounded to the kernel's granularity).
void apply_overrides(Impl& im) {
  auto env = [](const char* name, int64_t& v, int64_t unit) {
    if (const char* s = std::getenv(name)) {
      const long long x = std::atoll(s);
      if (x > 0) v = std::max<int64_t>(unit, (x + unit - 1) / unit * unit);
    }
  };
  env("KERATS_GEMM_KC", im.kc, im.k_granule * 16);
  env("KERATS_GEMM_MC", im.mc, im.mr);
  env("KERATS_GEMM_NC", im.nc, im.nr);
}

const Selection& selection() {
  static const Selection s = [] {
    // KERATS_GEMM_ISA=portable | avx2-f32 | avx512-f32 caps the kernels used (for
    // tests and debugging); unset means the best the CPU supports.
    const char* cap = std::getenv("KERATS_GEMM_ISA");
    const auto is = [cap](const char* name) { return cap && std::strcmp(cap, name) == 0; };
    const bool portable = is("portable");
    const bool no_avx512 = portable || is("avx2-f32");
    const bool no_bf16 = no_avx512 || is("avx512-f32");
    Selection sel;
    sel.f32 = no_avx512 ? nullptr : impl_f32_avx512();
    if (!sel.f32 && !portable) sel.f32 = impl_f32_avx2();
    if (!sel.f32) sel.f32 = impl_f32_portable();
    sel.bf16 = no_bf16 ? nullptr : impl_bf16_avx512();
    sel.f32_copy = *sel.f32;
    apply_overrides(sel.f32_copy);
    sel.f32 = &sel.f32_copy;
    if (sel.bf16) {
      sel.bf16_copy = *sel.bf16;
      apply_overrides(sel.bf16_copy);
      sel.bf16 = &sel.bf16_copy;
    }
    const RowFinisher* f = portable ? nullptr : row_finisher_avx512();
    sel.fin = f ? *f : row_finisher_portable();
    return sel;
  }();
  return s;
}

const Impl& pick(DT a, DT b) {
  const Selection& s = selection();
  if (a == DT::BF16 && b == DT::BF16 && s.bf16) return *s.bf16;
  return *s.f32;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t a, int64_t b) { return ceil_div(a, b) * b; }

// Finishes rows [i, i+rows) x cols [j, j+cols) of C from float32 values at
// src (row stride src_ld), which may be C itself when C is float32.
void finish_block(const GemmArgs& g, const RowFinisher& fin, float* src, int64_t src_ld, int64_t i, int64_t j,
                  int64_t rows, int64_t cols) {
  const size_t cs = dtype_size(g.c_type);
  for (int64_t r = 0; r < rows; ++r) {
    float* seg = src + r * src_ld;
    if (g.bias || g.relu) fin.bias_relu(seg, cols, g.bias ? g.bias + j : nullptr, g.relu);
    if (g.epilogue) g.epilogue(seg, cols, g.epilogue_ctx);
    fin.store_row(seg, cols, g.c_type, static_cast<char*>(g.c) + ((i + r) * g.ldc + j) * cs);
  }
}

bool needs_finish(const GemmArgs& g) { return g.bias || g.relu || g.epilogue || g.c_type != DT::F32; }

// k == 0: C = finish(0 + bias).
void gemm_empty_k(const GemmArgs& g, const RowFinisher& fin) {
  parallel_for(ceil_div(g.m, 64), [&](int64_t t, int) {
    float* row = static_cast<float*>(thread_scratch_tile().get(size_t(g.n) * 4));
    for (int64_t i = t * 64; i < std::min(g.m, t * 64 + 64); ++i) {
      std::memset(row, 0, size_t(g.n) * 4);
      finish_block(g, fin, row, g.n, i, 0, 1, g.n);
    }
  });
}

struct Plan {
  const GemmArgs* g;
  const Impl* im;
  const RowFinisher* fin;
  Operand a, bt;
  // Current blocks.
  int64_t m0, msz;  // m chunk
  int64_t j0, nsz;  // nc column block
  float* ws;        // float32 partial sums for the m chunk x nc block (or null: use C / tile)
  int64_t ws_ld;
  int64_t mc, nb_m, nb_n, panels_per_task;
  bool direct_a;  // full mr-row tiles read A in place (kernel_direct); only a partial last tile is packed
};

// KERATS_GEMM_DIRECT_A / KERATS_GEMM_SMALL_M = 0 or 1 force a choice below (tests and tuning); -1: unset.
int forced(const char* name) {
  const char* s = std::getenv(name);
  return s ? std::atoi(s) : -1;
}

// Whether to read A in place rather than pack it: each packed A element would serve only
// n / nr micro-kernel calls, too few to pay for the copy through memory (model B's N = 64
// layers, the N = 10 output layer). Float32 A only: 16-bit A is converted while packing.
// KERATS_GEMM_DIRECT_A=0/1 forces it off/on (tests and tuning).
bool use_direct_a(const GemmArgs& g, const Impl& im) {
  if (!im.kernel_direct || g.a_type != DT::F32) return false;
  static const int force = forced("KERATS_GEMM_DIRECT_A");
  if (force >= 0) return force == 1;
  return g.n <= kDirectAMaxN;
}

// Whether to run the small-M path (gemm_small_m): with few rows of C, B (the weights) is
// the only big operand and each of its elements serves only ceil(m / mr) tiles.
bool use_small_m(const GemmArgs& g) {
  static const int force = forced("KERATS_GEMM_SMALL_M");
  if (force >= 0) return force == 1;
  return g.m <= kSmallMMaxM;
}

// One kc slice of k and its packed B panels.
struct Slice {
  int64_t p0, ksz;
  bool first_k, last_k;
  const char* bpack;
};

// Rows [ir0, ir1) of the task's row block (all of it by default) for one kc slice.
void run_task(const Plan& P, int64_t task, const Slice& S, int64_t ir0 = 0, int64_t ir1 = INT64_MAX) {
  const GemmArgs& g = *P.g;
  const Impl& im = *P.im;
  const int mr = im.mr, nr = im.nr;
  const int64_t ib = task / P.nb_n, jb = task % P.nb_n;
  const int64_t i0 = P.m0 + ib * P.mc;
  const int64_t mb = std::min(P.mc, P.m0 + P.msz - i0);
  const int64_t n_panels = ceil_div(P.nsz, nr);
  const int64_t jp0 = jb * P.panels_per_task, jp1 = std::min(n_panels, jp0 + P.panels_per_task);
  if (mb <= 0 || jp0 >= jp1) return;

  const int64_t kpad = round_up(S.ksz, im.k_granule);
  const size_t a_panel_bytes = size_t(mr) * kpad * im.elem_bytes;
  const size_t b_panel_bytes = size_t(nr) * kpad * im.elem_bytes;
  // With direct A only the rows past the last full tile are packed, into panel 0.
  const int64_t full_rows = P.direct_a ? mb / mr * mr : 0;
  char* apack = static_cast<char*>(thread_scratch_a().get(a_panel_bytes * std::max<int64_t>(1, ceil_div(mb - full_rows, mr))));
  float* tile = static_cast<float*>(thread_scratch_tile().get(size_t(mr) * nr * 4));
  ir1 = std::min(ir1, mb);
  if (ir0 >= ir1) return;  // a tile step past this (shorter) block: nothing to pack or run
  if (ir1 > full_rows) im.pack_a(P.a, i0 + full_rows, mb - full_rows, S.p0, S.ksz, apack);
  const float* a_in_place = static_cast<const float*>(g.a);

  const bool c_direct = g.c_type == DT::F32;
  float* cf = static_cast<float*>(g.c);
  const bool finish = S.last_k && needs_finish(g);

  for (int64_t jp = jp0; jp < jp1; ++jp) {
    const int64_t j = P.j0 + jp * nr;
    const int64_t cols = std::min<int64_t>(nr, P.j0 + P.nsz - j);
    const char* bp = S.bpack + jp * b_panel_bytes;
    for (int64_t ir = ir0; ir < ir1; ir += mr) {
      const int64_t i = i0 + ir;
      const int64_t rows = std::min<int64_t>(mr, mb - ir);
      const bool direct = ir < full_rows;
      const char* ap = direct ? nullptr : apack + ((ir - full_rows) / mr) * a_panel_bytes;
      const float* ad = direct ? a_in_place + (g.trans_a ? S.p0 * g.lda + i : i * g.lda + S.p0) : nullptr;
      // Where the float32 sums of this tile live across kc slices.
      float* target;
      int64_t tld;
      if (c_direct) {
        target = cf + i * g.ldc + j;
        tld = g.ldc;
      } else if (P.ws) {
        target = P.ws + (i - P.m0) * P.ws_ld + (j - P.j0);
        tld = P.ws_ld;
      } else {
        target = tile;  // single kc slice: the tile buffer is enough
        tld = nr;
      }
      const auto run_kernel = [&](float* dst, int64_t ld, bool accumulate) {
        if (direct) im.kernel_direct(S.ksz, ad, g.lda, g.trans_a, bp, dst, ld, accumulate);
        else im.kernel(S.ksz, ap, bp, dst, ld, accumulate);
      };
      if (rows == mr && cols == nr) {
        run_kernel(target, tld, !S.first_k);
      } else if (target == tile) {
        run_kernel(tile, nr, false);
      } else {
        run_kernel(tile, nr, false);
        for (int64_t r = 0; r < rows; ++r) {
          float* t = target + r * tld;
          const float* s = tile + r * nr;
          if (S.first_k)
            for (int64_t c = 0; c < cols; ++c) t[c] = s[c];
          else
            for (int64_t c = 0; c < cols; ++c) t[c] += s[c];
        }
      }
      if (finish) finish_block(g, *P.fin, target, tld, i, j, rows, cols);
    }
  }
}

// The small-M path (use_small_m): all of op(A) is packed once (it is small), and each task
// owns a group of nr-wide column panels: for every kc slice it packs its group of B into
// its own buffer and runs every row tile over each panel, summing into a float32 block
// that is finished once. Each B element is read from memory once, no thread waits for
// another between slices, and the packed panel the row tiles share sits in L1 (read in
// place, a B with a power-of-two row length would put a panel's rows in one cache set).
void gemm_small_m(const GemmArgs& g, const Impl& im, const RowFinisher& fin, int threads) {
  const int mr = im.mr, nr = im.nr;
  const int64_t kc = im.kc;
  const int64_t m_tiles = ceil_div(g.m, mr), n_slices = ceil_div(g.k, kc), n_panels = ceil_div(g.n, nr);
  const size_t a_panel = size_t(mr) * round_up(std::min(kc, g.k), im.k_granule) * im.elem_bytes;
  const size_t b_panel_max = size_t(nr) * round_up(std::min(kc, g.k), im.k_granule) * im.elem_bytes;
  const Operand a{g.a, g.a_type, g.lda, g.trans_a};
  const Operand bt{g.b, g.b_type, g.ldb, !g.trans_b};
  // Panel (slice s, row tile t) at (s * m_tiles + t) * a_panel.
  char* apack = static_cast<char*>(caller_scratch_b().get(a_panel * m_tiles * n_slices));
  parallel_for(n_slices, [&](int64_t s, int) {
    const int64_t p0 = s * kc, ksz = std::min(kc, g.k - p0);
    for (int64_t t = 0; t < m_tiles; ++t) im.pack_a(a, t * mr, std::min<int64_t>(mr, g.m - t * mr), p0, ksz, apack + (s * m_tiles + t) * a_panel);
  });
  // Groups of at most kSmallMGroup panels, as many as a whole number of rounds of the
  // threads needs, so no round runs with threads idle (129 panels on 16 threads: 32
  // groups of 4-5, not 17 of 8).
  const int64_t rounds = ceil_div(ceil_div(n_panels, kSmallMGroup), threads);
  const int64_t group = std::max<int64_t>(1, ceil_div(n_panels, rounds * threads));
  const int64_t width = group * nr;
  parallel_for(ceil_div(n_panels, group), [&](int64_t task, int) {
    const int64_t j0 = task * width, cols = std::min(width, g.n - j0), panels = ceil_div(cols, nr);
    char* bpack = static_cast<char*>(thread_scratch_a().get(b_panel_max * panels));
    float* acc = static_cast<float*>(thread_scratch_tile().get(size_t(m_tiles) * mr * width * 4));
    for (int64_t s = 0; s < n_slices; ++s) {
      const int64_t p0 = s * kc, ksz = std::min(kc, g.k - p0);
      const size_t b_panel = size_t(nr) * round_up(ksz, im.k_granule) * im.elem_bytes;
      im.pack_b(bt, j0, cols, p0, ksz, bpack);
      for (int64_t q = 0; q < panels; ++q)
        for (int64_t t = 0; t < m_tiles; ++t)
          im.kernel(ksz, apack + (s * m_tiles + t) * a_panel, bpack + q * b_panel, acc + t * mr * width + q * nr, width, s > 0);
    }
    finish_block(g, fin, acc, width, 0, j0, g.m, cols);
  });
}

}  // namespace

const char* gemm_kernel_name(DT a_type, DT b_type) { return pick(a_type, b_type).name; }

void gemm(const GemmArgs& g) {
  if (g.m <= 0 || g.n <= 0) return;
  const Selection& sel = selection();
  if (g.k <= 0) {
    gemm_empty_k(g, sel.fin);
    return;
  }
  const Impl& im = pick(g.a_type, g.b_type);
  const int threads = num_threads();
  if (use_small_m(g)) {
    gemm_small_m(g, im, sel.fin, threads);
    return;
  }

  Plan P{};
  P.g = &g;
  P.im = &im;
  P.fin = &sel.fin;
  P.a = Operand{g.a, g.a_type, g.lda, g.trans_a};
  // op(B)^T, element (j, p) = op(B)(p, j): packed like A with width nr.
  P.bt = Operand{g.b, g.b_type, g.ldb, !g.trans_b};
  P.direct_a = use_direct_a(g, im);

  const int64_t kc = im.kc, nc = std::min(im.nc, round_up(g.n, im.nr));
  const bool use_ws = g.c_type != DT::F32 && g.k > kc;
  // Bound the float32 workspace to ~16 MiB by chunking m.
  int64_t m_chunk = g.m;
  if (use_ws) m_chunk = std::max<int64_t>(im.mc, ((int64_t(4) << 20) / nc) / im.mc * im.mc);
  float* ws = use_ws ? static_cast<float*>(caller_scratch_ws().get(size_t(std::min(m_chunk, g.m)) * nc * 4)) : nullptr;

  const int64_t kpad_max = round_up(std::min(kc, g.k), im.k_granule);
  const size_t b_panel_bytes_max = size_t(im.nr) * kpad_max * im.elem_bytes;
  const size_t slice_bytes = b_panel_bytes_max * ceil_div(nc, im.nr);
  const int64_t n_slices = ceil_div(g.k, kc);
  // Narrow C (one column block) with a small op(B): pack all of B once, and let each task
  // run every kc slice over its row block, so its C block stays in cache across the
  // slices and the threads meet twice per call rather than twice per slice (model B's
  // dW = x^T dY runs 32 slices of k = 8192).
  const bool whole_b = g.n <= nc && slice_bytes * n_slices <= size_t(kWholeBMaxBytes);
  char* bpack = static_cast<char*>(caller_scratch_b().get(slice_bytes * (whole_b ? n_slices : 1)));
  const auto slice = [&](int64_t s, const char* packed) {
    const int64_t p0 = s * kc;
    return Slice{p0, std::min(kc, g.k - p0), p0 == 0, p0 + kc >= g.k, packed};
  };
  // Packs the B panels [q0, q1) of slice `sl` for column block j0, a few micro-panels per task.
  const int64_t per = std::max<int64_t>(1, ceil_div(ceil_div(nc, im.nr), int64_t(threads) * 4));
  const auto pack_b = [&](const Slice& sl, int64_t j0, int64_t nsz, int64_t t) {
    const int64_t n_panels = ceil_div(nsz, im.nr);
    const size_t b_panel_bytes = size_t(im.nr) * round_up(sl.ksz, im.k_granule) * im.elem_bytes;
    const int64_t q0 = t * per, q1 = std::min(n_panels, t * per + per);
    if (q0 >= q1) return;
    const int64_t r0 = q0 * im.nr, rows = std::min(nsz, q1 * im.nr) - r0;
    im.pack_b(P.bt, j0 + r0, rows, sl.p0, sl.ksz, const_cast<char*>(sl.bpack) + q0 * b_panel_bytes);
  };
  const int64_t b_tasks = ceil_div(ceil_div(std::min(nc, g.n), im.nr), per);
  if (whole_b)
    parallel_for(n_slices * b_tasks, [&](int64_t t, int) { pack_b(slice(t / b_tasks, bpack + (t / b_tasks) * slice_bytes), 0, g.n, t % b_tasks); });

  for (int64_t m0 = 0; m0 < g.m; m0 += m_chunk) {
    P.m0 = m0;
    P.msz = std::min(m_chunk, g.m - m0);
    P.ws = ws;
    P.ws_ld = nc;
    // Row blocks: about mc rows each, a multiple of the thread count when
    // there are few, so threads get equal shares.
    int64_t nb_m = ceil_div(P.msz, im.mc);
    if (threads > 1 && nb_m % threads != 0 && P.msz >= int64_t(threads) * im.mr) nb_m = round_up(nb_m, threads);
    P.mc = round_up(ceil_div(P.msz, nb_m), im.mr);
    P.nb_m = ceil_div(P.msz, P.mc);
    for (int64_t j0 = 0; j0 < g.n; j0 += nc) {
      P.j0 = j0;
      P.nsz = std::min(nc, g.n - j0);
      const int64_t n_panels = ceil_div(P.nsz, im.nr);
      // Too few row blocks for the threads: split the columns too.
      P.nb_n = P.nb_m >= threads ? 1 : std::min<int64_t>(n_panels, ceil_div(threads, P.nb_m));
      P.panels_per_task = ceil_div(n_panels, P.nb_n);
      P.nb_n = ceil_div(n_panels, P.panels_per_task);
      if (whole_b) {
        // With row-major A read in place, one mr-row tile at a time through all the slices:
        // its rows stream once along k (prefetcher-friendly) and its C rows stay in L1.
        // (Transposed A has its tile's rows across all of k's rows: block by slice there.)
        const int64_t step = P.direct_a && !g.trans_a ? im.mr : P.mc;
        parallel_for(P.nb_m * P.nb_n, [&](int64_t t, int) {
          for (int64_t ir = 0; ir < P.mc; ir += step)
            for (int64_t s = 0; s < n_slices; ++s) run_task(P, t, slice(s, bpack + s * slice_bytes), ir, ir + step);
        });
        continue;
      }
      for (int64_t s = 0; s < n_slices; ++s) {
        const Slice sl = slice(s, bpack);
        parallel_for(ceil_div(n_panels, per), [&](int64_t t, int) { pack_b(sl, j0, P.nsz, t); });
        parallel_for(P.nb_m * P.nb_n, [&](int64_t t, int) { run_task(P, t, sl); });
      }
    }
  }
}

}  // namespace kerats

#include "kernels/updates.h"

#include <cmath>
#include <cstring>

#include "kernels/elementwise.h"

namespace kerats {
namespace {

// The update formulas are written once as templates over the number type: float for
// the scalar path, a GCC 16-float vector for the AVX-512 path. Both perform the same
// IEEE float32 operations (the build disables FMA contraction), so they agree bit for bit.
typedef float v16 __attribute__((vector_size(64)));

inline float sqrt_of(float x) { return std::sqrt(x); }
#if defined(__x86_64__)
KERATS_TARGET_AVX512 inline v16 sqrt_of(v16 x) { return (v16)_mm512_sqrt_ps((__m512)x); }
#endif

template <class V>
__attribute__((always_inline)) inline void sgd_elem(V& p, V g, V* m, const SgdParams& k) {
  const V step = k.lr * g;
  if (!m) {
    p = p - step;
    return;
  }
  const V mi = k.momentum * *m - step;
  *m = mi;
  p = k.nesterov ? p + (k.momentum * mi - step) : p + mi;
}

template <class V>
__attribute__((always_inline)) inline void rmsprop_elem(V& p, V g, V& v, V* mom, V* avg, const RmspropParams& k) {
  const V vi = k.rho * v + k.one_minus_rho * (g * g);
  v = vi;
  V denom = vi;
  if (avg) {
    const V ai = k.rho * *avg + k.one_minus_rho * g;
    *avg = ai;
    denom = vi - ai * ai;
  }
  const V inc = (k.lr * g) / sqrt_of(denom + k.epsilon);
  if (mom) {
    const V mi = k.momentum * *mom + inc;
    *mom = mi;
    p = p - mi;
  } else {
    p = p - inc;
  }
}

template <class V>
__attribute__((always_inline)) inline void adam_elem(V& p, V g, V& m, V& v, const AdamParams& k) {
  V pi = p;
  if (k.decay != 0) pi = pi - pi * k.decay;
  const V mi = m + (g - m) * k.one_minus_beta1;
  const V vi = v + ((g * g) - v) * k.one_minus_beta2;
  m = mi;
  v = vi;
  p = pi - (mi * k.alpha) / (sqrt_of(vi) + k.epsilon);
}

// Loads/stores a float32 slot element (scalar) or 16 of them (vector); null stays null.
struct Slot {
  float* base;
  template <class V>
  V* at(int64_t i, V& tmp) const {
    if (!base) return nullptr;
    std::memcpy(&tmp, base + i, sizeof(V));
    return &tmp;
  }
  template <class V>
  void put(int64_t i, const V* val) const {
    if (base) std::memcpy(base + i, val, sizeof(V));
  }
};

// Applies `elem(i, p, g, slot temporaries...)` over [i0, i1): 16 lanes at a time where
// AVX-512 exists, the scalar form for the rest.
template <DT D, class Elem16, class Elem1>
void drive(const void* grad, float scale, int64_t i0, int64_t i1, Elem16&& e16, Elem1&& e1) {
  int64_t i = i0;
#if defined(__x86_64__)
  if (has_avx512()) i = e16(grad, scale, i0, i1);
#endif
  for (; i < i1; i++) {
    float g = Elem<D>::load(grad, i);
    if (scale != 1.0f) g = g * scale;
    e1(i, g);
  }
}

#if defined(__x86_64__)
template <DT D>
KERATS_TARGET_AVX512 inline v16 grad16(const void* grad, int64_t i, float scale) {
  v16 g = (v16)Lanes<D>::load(grad, i);
  if (scale != 1.0f) g = g * scale;
  return g;
}

template <DT D>
KERATS_TARGET_AVX512 int64_t sgd16(const void* grad, float scale, float* p, float* m, int64_t i0, int64_t i1, const SgdParams& k) {
  int64_t i = i0;
  for (; i + 16 <= i1; i += 16) {
    v16 pv, mv;
    std::memcpy(&pv, p + i, 64);
    v16* mp = Slot{m}.at(i, mv);
    sgd_elem(pv, grad16<D>(grad, i, scale), mp, k);
    std::memcpy(p + i, &pv, 64);
    Slot{m}.put(i, mp);
  }
  return i;
}

template <DT D>
KERATS_TARGET_AVX512 int64_t rmsprop16(const void* grad, float scale, float* p, float* v, float* mom, float* avg, int64_t i0, int64_t i1, const RmspropParams& k) {
  int64_t i = i0;
  for (; i + 16 <= i1; i += 16) {
    v16 pv, vv, mv, av;
    std::memcpy(&pv, p + i, 64);
    std::memcpy(&vv, v + i, 64);
    v16* mp = Slot{mom}.at(i, mv);
    v16* ap = Slot{avg}.at(i, av);
    rmsprop_elem(pv, grad16<D>(grad, i, scale), vv, mp, ap, k);
    std::memcpy(p + i, &pv, 64);
    std::memcpy(v + i, &vv, 64);
    Slot{mom}.put(i, mp);
    Slot{avg}.put(i, ap);
  }
  return i;
}

template <DT D>
KERATS_TARGET_AVX512 int64_t adam16(const void* grad, float scale, float* p, float* m, float* v, int64_t i0, int64_t i1, const AdamParams& k) {
  int64_t i = i0;
  for (; i + 16 <= i1; i += 16) {
    v16 pv, mv, vv;
    std::memcpy(&pv, p + i, 64);
    std::memcpy(&mv, m + i, 64);
    std::memcpy(&vv, v + i, 64);
    adam_elem(pv, grad16<D>(grad, i, scale), mv, vv, k);
    std::memcpy(p + i, &pv, 64);
    std::memcpy(m + i, &mv, 64);
    std::memcpy(v + i, &vv, 64);
  }
  return i;
}
#endif

template <DT D>
void sgd_typed(const void* grad, float scale, float* p, float* m, int64_t n, const SgdParams& k) {
  parallel_range(n, [&](int64_t i0, int64_t i1) {
    drive<D>(
        grad, scale, i0, i1,
        [&](const void* g, float s, int64_t a, int64_t b) {
#if defined(__x86_64__)
          return sgd16<D>(g, s, p, m, a, b, k);
#else
          return a;
#endif
        },
        [&](int64_t i, float g) { sgd_elem(p[i], g, m ? m + i : nullptr, k); });
  });
}

template <DT D>
void rmsprop_typed(const void* grad, float scale, float* p, float* v, float* mom, float* avg, int64_t n, const RmspropParams& k) {
  parallel_range(n, [&](int64_t i0, int64_t i1) {
    drive<D>(
        grad, scale, i0, i1,
        [&](const void* g, float s, int64_t a, int64_t b) {
#if defined(__x86_64__)
          return rmsprop16<D>(g, s, p, v, mom, avg, a, b, k);
#else
          return a;
#endif
        },
        [&](int64_t i, float g) { rmsprop_elem(p[i], g, v[i], mom ? mom + i : nullptr, avg ? avg + i : nullptr, k); });
  });
}

template <DT D>
void adam_typed(const void* grad, float scale, float* p, float* m, float* v, int64_t n, const AdamParams& k) {
  parallel_range(n, [&](int64_t i0, int64_t i1) {
    drive<D>(
        grad, scale, i0, i1,
        [&](const void* g, float s, int64_t a, int64_t b) {
#if defined(__x86_64__)
          return adam16<D>(g, s, p, m, v, a, b, k);
#else
          return a;
#endif
        },
        [&](int64_t i, float g) { adam_elem(p[i], g, m[i], v[i], k); });
  });
}

#define KERATS_BY_DTYPE(gdt, call)                    \
  switch (gdt) {                                      \
    case DT::F32: call(DT::F32); return true;         \
    case DT::F16: call(DT::F16); return true;         \
    case DT::BF16: call(DT::BF16); return true;       \
    default: return false;                            \
  }

}  // namespace

bool update_sgd(DT gdt, const void* grad, float scale, float* p, float* m, int64_t n, const SgdParams& k) {
#define CALL(D) sgd_typed<D>(grad, scale, p, k.momentum != 0 ? m : nullptr, n, k)
  KERATS_BY_DTYPE(gdt, CALL)
#undef CALL
}

bool update_rmsprop(DT gdt, const void* grad, float scale, float* p, float* v, float* mom, float* avg, int64_t n, const RmspropParams& k) {
#define CALL(D) rmsprop_typed<D>(grad, scale, p, v, mom, avg, n, k)
  KERATS_BY_DTYPE(gdt, CALL)
#undef CALL
}

bool update_adam(DT gdt, const void* grad, float scale, float* p, float* m, float* v, int64_t n, const AdamParams& k) {
#define CALL(D) adam_typed<D>(grad, scale, p, m, v, n, k)
  KERATS_BY_DTYPE(gdt, CALL)
#undef CALL
}

}  // namespace kerats

/**
 * float64 versions of the functions JavaScript's Math lacks. float64 tensors exist
 * for gradient checking, so these aim at ~1e-15 relative accuracy, not speed.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const INV_SQRT_PI = 0.5641895835477563;

/** erf(x) in float64. Example: `erfF64(0.5) ≈ 0.5204998778130465`. */
export function erfF64(x: number): number {
  if (Number.isNaN(x)) return x;
  const ax = Math.abs(x);
  if (ax < 2) {
    // Maclaurin series; its terms peak near n = x^2 <= 4, so little is lost to cancellation.
    const x2 = x * x;
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return TWO_OVER_SQRT_PI * sum;
  }
  const r = 1 - erfcLarge(ax);
  return x < 0 ? -r : r;
}

/** erfc(x) for x >= 2 by the continued fraction, evaluated with Lentz's method. */
function erfcLarge(x: number): number {
  if (x > 27) return 0;
  const tiny = 1e-300;
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

/** Exact (erf-based) GELU in float64. Example: `geluF64(1) ≈ 0.8413447460685429`. */
export function geluF64(x: number): number {
  if (x === -Infinity) return -0;
  return 0.5 * x * (1 + erfF64(x * Math.SQRT1_2));
}

/** Logistic sigmoid in float64, stable for large |x|. */
export function sigmoidF64(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** softplus(x) = log(1 + e^x) in float64, stable for large |x|. */
export function softplusF64(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

// Exact rational arithmetic for the reverse-funnel plan: ceil(30 / 0.3) must be 100, not the
// 101 that binary floating point gives, so every input is carried as a ratio of big integers.

/** A non-negative rational number n/d with d > 0. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

/** The exact fraction of two integers. */
export function ratio(n: number | bigint, d: number | bigint): Fraction {
  const f = { n: BigInt(n), d: BigInt(d) };
  if (f.d <= 0n) throw new Error(`fraction denominator must be positive, got ${f.d}`);
  return f;
}

/** The fraction a decimal number is written as (0.3 → 3/10), from its shortest round-trip text. */
export function fromDecimal(value: number): Fraction {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) throw new Error(`not a finite non-negative number: ${value}`);
  const decimals = match[2] ?? '';
  const exponent = Number(match[3] ?? 0) - decimals.length;
  const digits = BigInt(match[1]! + decimals);
  return exponent >= 0 ? ratio(digits * 10n ** BigInt(exponent), 1n) : ratio(digits, 10n ** BigInt(-exponent));
}

/** a × b. */
export function times(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.n, d: a.d * b.d };
}

/** ceil(a / b), or null when b is zero. */
export function ceilDivide(a: Fraction, b: Fraction): number | null {
  if (b.n === 0n) return null;
  const n = a.n * b.d;
  const d = a.d * b.n;
  return Number((n + d - 1n) / d);
}

/** The smaller of a and b. */
export function min(a: Fraction, b: Fraction): Fraction {
  return a.n * b.d <= b.n * a.d ? a : b;
}

/** The nearest double, for display. */
export function toNumber(f: Fraction): number {
  // Integer division first keeps precision when n and d exceed 2^53.
  const whole = f.n / f.d;
  return Number(whole) + Number(f.n - whole * f.d) / Number(f.d);
}

// An ES module that jiti's transform turns into CommonJS for pricing.ts.
export function round(n) {
  if (!Number.isFinite(n)) throw new TypeError(`cannot round ${n}`);
  return Math.round(n * 100) / 100;
}

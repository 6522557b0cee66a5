// An ES module imported by the driver next to the rewired CommonJS ones.
export const kind = 'esm';
export function twice(n) { if (n < 0) throw new RangeError(`negative: ${n}`); return n * 2; }

export function lineTotal(price, quantity) {
  return price * quantity;
}

export function applyDiscount(total, code) {
  if (code === 'HALF') return total / 2;
  if (code) throw new RangeError(`unknown discount code: ${code}`);
  return total;
}

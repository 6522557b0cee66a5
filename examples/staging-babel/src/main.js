import { applyDiscount, lineTotal } from './prices.js';

function orderTotal(lines, code) {
  const subtotal = lines.reduce((sum, line) => sum + lineTotal(line.price, line.quantity), 0);
  return applyDiscount(subtotal, code);
}

console.log('total:', orderTotal([{ price: 12.5, quantity: 2 }, { price: 3, quantity: 1 }], 'HALF'));
try {
  orderTotal([{ price: 1, quantity: 1 }], 'BOGUS');
} catch (error) {
  console.log('refused:', error.message);
}

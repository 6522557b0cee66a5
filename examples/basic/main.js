// The Quick start program: `breadcrumb run -c example -- node examples/basic/main.js`.
const os = require('node:os');
const path = require('node:path');
const { Cart } = require('./cart');

function add(a, b) {
  return a + b;
}

function multiply(a, b) {
  return a * b;
}

function greet(name) {
  return `Hello, ${name}!`;
}

function calculateTotal(price, quantity, taxRate) {
  const subtotal = multiply(price, quantity);
  const tax = multiply(subtotal, taxRate);
  return add(subtotal, tax);
}

function parseQuantity(text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    throw new RangeError(`not a quantity: ${JSON.stringify(text)}`);
  }
  return n;
}

function main() {
  console.log('add(2, 3) =', add(2, 3));
  console.log('multiply(7, 6) =', multiply(7, 6));
  console.log(greet('Ada'));
  console.log('total =', calculateTotal(100, 2, 0.15));

  try {
    parseQuantity('three');
  } catch (err) {
    console.log('caught:', err.message);
  }

  const cart = new Cart();
  cart.addItem('book', 12.5, 2);
  cart.addItem('pen', 1.25, 4);
  console.log('cart total =', cart.total);

  const home = path.join(os.tmpdir(), 'breadcrumb-example');
  console.log('report folder:', path.basename(home));
}

main();

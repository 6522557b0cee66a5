// tinypool's worker file (not a driver), an ES module importing the shared CommonJS tasks; `teardown`
// runs before a worker ends.
import tasks, { fib, validate, reverseBytes, slowSquare } from './_pool-tasks.cjs';

let served = 0;
export default function run(input) {
  served++;
  return tasks(input);
}
export { fib, validate, slowSquare };
export function reverse(buffer) {
  const { sum, length } = reverseBytes(buffer);
  return { sum, length };
}
export function where() {
  return { childProcess: typeof process.send === 'function', served };
}
export function teardown() {
  served = 0;
}

'use strict';
// piscina's worker file (not a driver): the shared tasks, plus a transfer that uses Piscina.move.
const { move, isWorkerThread, workerData } = require('piscina');
const tasks = require('./_pool-tasks.cjs');

module.exports = tasks.default;
module.exports.fib = tasks.fib;
module.exports.validate = tasks.validate;
module.exports.slowSquare = tasks.slowSquare;
module.exports.reverse = (buffer) => {
  const { out } = tasks.reverseBytes(buffer);
  return move(out);
};
module.exports.whoami = () => ({ isWorkerThread, workerData });

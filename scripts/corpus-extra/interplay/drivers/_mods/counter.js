'use strict';
// A module with private state, for rewire: __get__/__set__/__with__ reach into its scope.
const dep = require('./dep.js');
const LIMIT = 3;
let count = 0;
var label = 'counter';
const history = [];

function bump(by) {
  if (count + by > LIMIT * 10) throw new RangeError(`${label} over ${LIMIT * 10}: ${count + by}`);
  count += by;
  history.push(dep.describe(count));
  return count;
}

function report() {
  return { label, count, limit: LIMIT, last: history[history.length - 1] || null, calls: history.length };
}

class Meter {
  constructor(unit) { this.unit = unit; }
  read() { return `${bump(1)}${this.unit}`; }
}

module.exports = { bump, report, Meter };

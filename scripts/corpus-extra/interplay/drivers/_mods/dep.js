'use strict';
// required by counter.js and service.js; replaced by a stub in some loads.
exports.describe = function describe(n) {
  if (!Number.isFinite(n)) throw new TypeError(`not a number: ${n}`);
  return `n=${n}`;
};
exports.kind = 'real';

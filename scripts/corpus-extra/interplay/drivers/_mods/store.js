'use strict';
// An in-memory store; proxyquire's stubs call through to it unless '@noCallThru'.
const items = new Map();
module.exports = {
  kind: 'memory',
  async put(k, v) { items.set(k, v); },
  async size() { return items.size; },
};

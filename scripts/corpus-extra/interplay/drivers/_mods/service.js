'use strict';
// For proxyquire: what it requires is replaced by stubs (some with the real module behind them).
const fs = require('node:fs');
const path = require('node:path');
const dep = require('./dep.js');
const store = require('./store.js');

async function load(name) {
  const file = path.join(__dirname, `${name}.json`);
  if (!fs.existsSync(file)) throw Object.assign(new Error(`no such record: ${name}`), { code: 'ENOREC' });
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  await store.put(name, data);
  return { name, kind: dep.kind, text: dep.describe(data.n), size: await store.size() };
}

module.exports = { load, storeKind: () => store.kind };

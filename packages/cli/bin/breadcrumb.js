#!/usr/bin/env node
// Committed, not built, so that pnpm can link `node_modules/.bin/breadcrumb` at install time,
// before `dist/` exists.
require('../dist/bin.js').start(process.argv.slice(2));

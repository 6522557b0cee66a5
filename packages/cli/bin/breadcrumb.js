#!/usr/bin/env node
// Committed, not built, so that pnpm can link `node_modules/.bin/breadcrumb` at install time,
// before `dist/` exists.
require('../dist/main.js').main(process.argv.slice(2));

#!/bin/sh
":" //; if [ -n "$NODE_EXTRA_CA_CERTS" ]; then export BREADCRUMB_HELD_CA_CERTS="$NODE_EXTRA_CA_CERTS" NODE_EXTRA_CA_CERTS=; fi; exec node "$0" "$@"
// The `breadcrumb` command. Run as a program, the line above is shell: it starts node on this file
// without NODE_EXTRA_CA_CERTS, whose certificates Node 20 reads as it starts though the command makes
// no TLS connection (~60 ms of CPU on every command here); to node it is a string and a comment.
// Committed, not built, so that pnpm can link `node_modules/.bin/breadcrumb` at install time,
// before `dist/` exists.
require('../dist/launch-environment.js').restoreLaunchEnvironment(process.env, require('node:path').dirname(__dirname));
require('../dist/bin.js').start(process.argv.slice(2));

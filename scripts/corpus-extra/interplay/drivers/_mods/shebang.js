#!/usr/bin/env node
'use strict';
// A module with a shebang line, loaded by rewire (which strips it) and by require.
const secret = 'hidden';
function reveal(prefix) { return `${prefix}:${secret}`; }
function fail() { throw new SyntaxError(`bad ${secret}`); }
module.exports = { reveal, fail };

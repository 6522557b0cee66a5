import { describe, expect, it } from 'vitest';
import { importBindingsOf } from './callee-origin.js';

describe('importBindingsOf', () => {
  it('maps the names bound by require and import to their specifiers', () => {
    const source = `
      'use strict';
      const axios = require('axios');
      const { readFileSync, promises: fsp } = require("node:fs");
      let db; db = require('./db');
      import express from 'express';
      import * as path from 'node:path';
      import def, { a as b, c } from '@scope/pkg/sub';
      import type { T } from 'types-only';
      const lazy = await import('lazy-pkg');
    `;
    const bindings = Object.fromEntries(importBindingsOf(source));
    expect(bindings).toEqual({
      axios: 'axios',
      readFileSync: 'node:fs',
      fsp: 'node:fs',
      db: './db',
      express: 'express',
      path: 'node:path',
      def: '@scope/pkg/sub',
      b: '@scope/pkg/sub',
      c: '@scope/pkg/sub',
      T: 'types-only',
      lazy: 'lazy-pkg',
    });
  });
});

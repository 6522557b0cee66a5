// Rollup runs every module through Babel, so through Breadcrumb's plugin (configured in
// babel.config.json). The runtime is started by the bundle's first statement (`intro` goes after
// 'use strict', and before any module's code).
import { babel } from '@rollup/plugin-babel';

export const startTracing = "require('@breadcrumb/core/standalone').startStandalone({ project: 'staging-example' });";

export default {
  input: 'src/main.js',
  output: { file: 'dist/bundle.cjs', format: 'cjs', sourcemap: true, intro: startTracing },
  plugins: [babel({ babelHelpers: 'bundled', configFile: './babel.config.json' })],
};

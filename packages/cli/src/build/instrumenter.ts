// The instrumenter as the build uses it, loaded on first use (Babel is heavy and `breadcrumb build` is
// the only command that needs it in the CLI process).

import type { CallSiteInfo, FunctionInfo } from '@breadcrumb/core';
import { ComponentMissingError } from '../errors.js';
import type { ModuleFormat } from './runtime-loader.js';

export interface InstrumentOptions {
  filename: string;
  moduleId: string;
  /** Babel's names: `script` is CommonJS. */
  sourceType: 'script' | 'module';
  inputSourceMap?: unknown;
  gapIntrinsics?: boolean;
  /** `build`: the code shape whose probes cost nothing with recording off (the instrumenter's docs). */
  shape?: 'load' | 'build';
}

export function babelSourceType(format: ModuleFormat): InstrumentOptions['sourceType'] {
  return format === 'module' ? 'module' : 'script';
}

export interface InstrumentResult {
  code: string;
  map: unknown;
  functions: FunctionInfo[];
  callSites: CallSiteInfo[];
}

/** What `@breadcrumb/instrumenter` exports for builds. */
export interface Instrumenter {
  instrument(source: string, options: InstrumentOptions): InstrumentResult;
  isInstrumented(source: string): boolean;
}

export function loadInstrumenter(): Instrumenter {
  let loaded: Partial<Instrumenter>;
  try {
    loaded = require('@breadcrumb/instrumenter') as Partial<Instrumenter>;
  } catch (error) {
    throw new ComponentMissingError('@breadcrumb/instrumenter', (error as Error).message.split('\n')[0]!);
  }
  if (typeof loaded.instrument !== 'function' || typeof loaded.isInstrumented !== 'function') {
    throw new ComponentMissingError('@breadcrumb/instrumenter', 'it exports no instrument() and isInstrumented()');
  }
  return loaded as Instrumenter;
}

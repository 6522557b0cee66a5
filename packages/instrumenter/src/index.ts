import breadcrumbPlugin from './plugin.js';

export {
  instrument,
  isInstrumented,
  InstrumentError,
  type InstrumentOptions,
  type InstrumentResult,
  type CodeShape,
  type SourceMapV3,
} from './instrument.js';
export type { FunctionInfo, CallSiteInfo, FunctionKind } from './function-table.js';
export type { RawSourceMap } from './input-source-map.js';
export type { PluginOptions } from './plugin.js';
export { INSERT_OPEN, INSERT_CLOSE, INSTRUMENTED_MARKER, PROBE_API_VERSION, BUILD_PROBE_GLOBAL } from './generated-code.js';
export { ModuleFormatResolver, type ModuleFormat } from './module-format.js';
export { breadcrumbPlugin };
export default breadcrumbPlugin;

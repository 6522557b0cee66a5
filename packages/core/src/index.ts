export * from './spool/format.js';
export * from './settings.js';
export * from './module-id.js';
export * from './paths.js';
export { loadRuntimeSettings, defaultRuntimeSettings, applyEnvOverrides, isDisabledValue, DISABLED_VALUES, DEFAULT_SPOOL_FILE_BYTES, DEFAULT_SPOOL_MAX_BYTES } from './runtime-settings.js';
export { init, InitOptionsError, type InitOptions } from './init.js';
export type { BreadcrumbRuntime } from './runtime.js';
export { readInputSourceMap, sourceMapComment, type InputSourceMap, type SourceMapComment, type SourceMapObject } from './input-source-map.js';
// node's flags on a command line: which command is node, and where its flags go (the CLI and child processes)
export { isNodeExecutable, withFlagsAfterArgv0 } from './process/child-environment.js';

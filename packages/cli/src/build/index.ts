export { build, type BuildRequest, type BuildSummary, type BuildProgress, type BuildWarning } from './builder.js';
export { writeRuntime, RUNTIME_FOLDER, type BuildRuntimeSettings } from './runtime-bundle.js';
export { MANIFEST_FILE, readManifest, type BuildManifest } from './manifest.js';

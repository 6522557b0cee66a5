export * from './spool/format.js';
export * from './settings.js';
export * from './module-id.js';

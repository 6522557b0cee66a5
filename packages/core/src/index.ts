export * from './spool/format.js';
export * from './settings.js';

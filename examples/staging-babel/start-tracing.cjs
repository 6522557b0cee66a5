// Starts Breadcrumb's runtime before the program: `node --require ./start-tracing.cjs dist/babel/main.js`.
// Events go to ~/.breadcrumb/spool/staging-example/ (BREADCRUMB_SPOOL_DIR, BREADCRUMB_HOME override it;
// BREADCRUMB_ENABLED=false turns it off) until `breadcrumb ingest -c staging-example` loads them.
require('@breadcrumb/core/standalone').startStandalone({ project: 'staging-example' });

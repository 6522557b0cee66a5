// Every test file's setup: after each test, the worker lets its event loop poll once.
//
// A vitest worker reports to the main process over an RPC channel whose calls time out after 60 s (a
// constant of vitest's, no option). The answer to a report arrives while the next tests run; a file
// whose tests block the thread back to back (spawnSync of a traced run, a test262 sample) never reaches
// the event loop's poll phase to read it, and under load the 60 s pass: vitest then fails the run with
// "Timeout calling onTaskUpdate" though every test passed. Two setImmediate hops pass through one poll
// phase (the first lands in this iteration's check phase, the second in the next one's, after its poll).
import { afterEach } from 'vitest';

afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
});

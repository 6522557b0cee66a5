// mocha run as a program (ESM): the programmatic Mocha with spec files of this set (_specs/), its
// runner's events collected by a reporter of our own (titles, states, failures' messages, expected
// and actual, and the stacks of the failures), with chai (expect, assert, should) and sinon (spies,
// stubs, fakes, a sandbox, fake timers of setTimeout and Date) inside the specs. Durations left out.
import Mocha from 'mocha';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from './_util.cjs';

const { Digest, stackLines, printStackLines } = util;
const d = new Digest('mocha');
const frames = [];
const here = path.dirname(fileURLToPath(import.meta.url));

class Collect extends Mocha.reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_SUITE_BEGIN, EVENT_RUN_END } = Mocha.Runner.constants;
    runner.on(EVENT_SUITE_BEGIN, (s) => d.add('suite', s.fullTitle()));
    runner.on(EVENT_TEST_PASS, (t) => d.add('pass', [t.fullTitle(), t.state, t.async, t.sync]));
    runner.on(EVENT_TEST_PENDING, (t) => d.add('pending', t.fullTitle()));
    runner.on(EVENT_TEST_FAIL, (t, err) => {
      d.add('fail', [t.fullTitle(), err.name, err.message.split(here).join('<dir>'), err.actual ?? null, err.expected ?? null, err.showDiff ?? null, err.operator ?? null]);
      frames.push(...stackLines(err));
    });
    runner.once(EVENT_RUN_END, () => d.add('stats', (({ suites, tests, passes, pending, failures }) => ({ suites, tests, passes, pending, failures }))(this.stats)));
  }
}

const mocha = new Mocha({ reporter: Collect, timeout: 10000 });
mocha.addFile(path.join(here, '_specs', 'cart.spec.mjs'));
await mocha.loadFilesAsync();
const failures = await new Promise((resolve) => mocha.run(resolve));
d.add('failures', failures);
mocha.dispose();
d.print();
printStackLines(frames);

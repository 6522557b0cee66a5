import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exitWhenWritten } from './exit-when-written.js';

describe('exitWhenWritten', () => {
  it('exits when neither stream holds unwritten data', () => {
    let exits = 0;
    expect(exitWhenWritten([{ writableLength: 0 }, { writableLength: 0 }], () => exits++)).toBe(true);
    expect(exits).toBe(1);
  });

  it('leaves the process to end by itself while a stream still has data to write', () => {
    let exits = 0;
    expect(exitWhenWritten([{ writableLength: 0 }, { writableLength: 512 }], () => exits++)).toBe(false);
    expect(exits).toBe(0);
  });

  it("keeps process.exitCode and runs the 'exit' listeners", () => {
    const script = `
      const { exitWhenWritten } = require(${JSON.stringify(require.resolve('../../dist/run/exit-when-written.js'))});
      process.on('exit', (code) => process.stdout.write('exit listener saw ' + code + '\\n'));
      process.exitCode = 7;
      exitWhenWritten();
      process.stdout.write('not reached\\n');`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(7);
    expect(result.stdout).toBe('exit listener saw 7\n');
  });
});

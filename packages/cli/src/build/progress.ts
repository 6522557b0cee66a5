// The progress line of long builds, on stderr: nothing for a build that ends within a second, then an
// update at most every 200 ms (one line rewritten in place on a terminal, a line every 2 s otherwise).

import type { BuildProgress } from './builder.js';

const QUIET_MS = 1000;

export interface ProgressLine {
  update(progress: BuildProgress): void;
  end(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const interactive = stream.isTTY === true;
  const everyMs = interactive ? 200 : 2000;
  let lastAt = 0;
  let shown = false;
  return {
    update(progress) {
      if (progress.elapsedMs < QUIET_MS || (shown && progress.elapsedMs - lastAt < everyMs)) return;
      lastAt = progress.elapsedMs;
      const text = `breadcrumb: build ${progress.done}/${progress.total} files (${progress.instrumented} instrumented, ${(progress.elapsedMs / 1000).toFixed(1)} s)`;
      stream.write(interactive ? `\r${text}\u001b[K` : `${text}\n`);
      shown = true;
    },
    end() {
      if (shown && interactive) stream.write('\n');
    },
  };
}

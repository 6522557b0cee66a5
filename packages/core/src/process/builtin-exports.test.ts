import { createRequire, syncBuiltinESMExports } from 'node:module';
import { describe, expect, it } from 'vitest';
import { batchBuiltinExportSyncs, syncBuiltinExports } from './builtin-exports.js';

const require = createRequire(import.meta.url);

describe('batchBuiltinExportSyncs', () => {
  it('defers the syncs asked for inside it to its end, when `import` callers see the replacement', async () => {
    const os = require('node:os') as { tmpdir: () => string };
    const namespace = (await import('node:os')) as unknown as { tmpdir: () => string };
    const original = os.tmpdir;
    const replaced = (): string => '/replaced';
    try {
      const result = batchBuiltinExportSyncs(() => {
        os.tmpdir = replaced;
        syncBuiltinExports();
        expect(namespace.tmpdir).toBe(original);
        return 7;
      });
      expect(result).toBe(7);
      expect(namespace.tmpdir).toBe(replaced);
      // Outside a batch it syncs at once.
      os.tmpdir = original;
      syncBuiltinExports();
      expect(namespace.tmpdir).toBe(original);
    } finally {
      os.tmpdir = original;
      syncBuiltinESMExports();
    }
  });
});

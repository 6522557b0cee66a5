import { describe, expect, it } from 'vitest';
import { COMMANDS } from './registry.js';

describe('the command registry', () => {
  it('names each command as its declaration does', async () => {
    for (const [name, load] of Object.entries(COMMANDS)) {
      const { command } = await load();
      expect(command.command.split(' ')[0], name).toBe(name);
      expect(command.describe.length, name).toBeGreaterThan(10);
      expect(typeof command.handler, name).toBe('function');
    }
  });
});

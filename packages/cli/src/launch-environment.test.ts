import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELD_CA_CERTS, restoreLaunchEnvironment, withoutInstallationEntries } from './launch-environment.js';

const install = '/work/app/node_modules/.pnpm/@breadcrumb+cli@0.1.0/node_modules/@breadcrumb/cli';
const workspaceInstall = '/work/breadcrumb/packages/cli';
const pnpmShimEntries = [
  '/work/app/node_modules/.pnpm/@breadcrumb+cli@0.1.0/node_modules/@breadcrumb/cli/bin/node_modules',
  '/work/app/node_modules/.pnpm/@breadcrumb+cli@0.1.0/node_modules',
  '/work/app/node_modules/.pnpm/node_modules',
].join(path.delimiter);

describe('restoreLaunchEnvironment', () => {
  it('puts back the NODE_EXTRA_CA_CERTS the shell line held aside, and removes the holder', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '', [HELD_CA_CERTS]: '/etc/ssl/certs/ca.pem', HOME: '/root' };
    restoreLaunchEnvironment(env, install);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca.pem', HOME: '/root' });
  });

  it('leaves an environment the launchers did not touch as it is', () => {
    const env: NodeJS.ProcessEnv = { NODE_EXTRA_CA_CERTS: '/a.pem', NODE_PATH: '/opt/lib', PATH: '/bin' };
    restoreLaunchEnvironment(env, install);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: '/a.pem', NODE_PATH: '/opt/lib', PATH: '/bin' });
  });

  it("removes NODE_PATH when pnpm's shim set it and the user had none", () => {
    const env: NodeJS.ProcessEnv = { NODE_PATH: pnpmShimEntries };
    restoreLaunchEnvironment(env, install);
    expect('NODE_PATH' in env).toBe(false);
  });

  it("keeps the user's NODE_PATH after pnpm's entries", () => {
    const env: NodeJS.ProcessEnv = { NODE_PATH: [pnpmShimEntries, '/opt/lib', '/srv/shared'].join(path.delimiter) };
    restoreLaunchEnvironment(env, install);
    expect(env.NODE_PATH).toBe(['/opt/lib', '/srv/shared'].join(path.delimiter));
  });
});

describe('withoutInstallationEntries', () => {
  it("removes the workspace's store (the quick start's `node_modules/.bin/breadcrumb`)", () => {
    expect(withoutInstallationEntries('/work/breadcrumb/node_modules/.pnpm/node_modules', workspaceInstall)).toBeNull();
  });

  it("keeps another installation's store, a folder merely named like one, and a user's entry written after their own", () => {
    const other = '/srv/other/node_modules/.pnpm/node_modules';
    expect(withoutInstallationEntries(other, install)).toBe(other);
    const lookalike = '/work/app/node_modules/.pnpmx/node_modules';
    expect(withoutInstallationEntries(lookalike, install)).toBe(lookalike);
    const userFirst = ['/opt/lib', '/work/app/node_modules/.pnpm/node_modules'].join(path.delimiter);
    expect(withoutInstallationEntries(userFirst, install)).toBe(userFirst);
  });

  it('treats the empty original pnpm appends to as none', () => {
    expect(withoutInstallationEntries(`${pnpmShimEntries}${path.delimiter}`, install)).toBeNull();
  });

  it('knows the installation through a link to its folder (pnpm writes the path it was installed through)', () => {
    const real = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-launch-real-'));
    const link = `${real}-link`;
    fs.symlinkSync(real, link);
    try {
      expect(withoutInstallationEntries(`${link}/node_modules/.pnpm/node_modules`, path.join(real, 'packages/cli'))).toBeNull();
    } finally {
      fs.rmSync(link);
      fs.rmSync(real, { recursive: true });
    }
  });
});

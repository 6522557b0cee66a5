// End to end: a program that passes passwords, tokens, card numbers and keys through arguments, return
// values, exceptions, headers, argv, Buffers and Maps runs through the `breadcrumb` binary; then every
// byte under BREADCRUMB_HOME and every query and report output is scanned for the secrets.
//
// The secrets reach the program the way real ones do (environment, command line) and, for one, as a
// literal in its source: the transform cache stores only the instrumenter's insertions, never the source.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { githubToken, randomString } from '../src/redact/__fixtures__/test-tokens.js';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bin = path.join(repoRoot, 'packages', 'cli', 'bin', 'breadcrumb.js');
const built = existsSync(path.join(repoRoot, 'packages', 'cli', 'dist', 'main.js'));

const pemBody = Array.from({ length: 8 }, (_, i) => randomString(64, 100 + i, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')).join('\n');
const SECRETS = {
  PASSWORD: 'Thistle&Tundra86!q',
  GITHUB: githubToken('ghp_', 77),
  STRIPE: `sk_live_${randomString(40, 78)}`,
  BEARER: `kt3v7mt0${randomString(30, 79)}`,
  CARD: '4111111111111111',
  DB_PASSWORD: `pw-${randomString(16, 80)}`,
  ARGV_PASSWORD: `argv-${randomString(14, 81)}`,
  PEM_LINE: pemBody.split('\n')[4],
  SOURCE_LITERAL: `sk_live_${randomString(40, 90)}`,
};

const program = `
const S = process.env;
const HARDCODED_KEY = '${SECRETS.SOURCE_LITERAL}';
const pem = '-----BEGIN RSA PRIVATE KEY-----\\n' + S.BC_PEM + '\\n-----END RSA PRIVATE KEY-----\\n';
class Session { constructor(user, password) { this.user = user; this.password = password; } }
function login(user, password) { return { user, session: new Session(user, password), token: S.BC_GITHUB }; }
function charge(cardNumber, amountCents) { return { charged: amountCents, card: Number(cardNumber) }; }
function request(url, options) { return { status: 200, sent: options }; }
function connect(connectionString) { throw new Error('cannot connect to ' + connectionString); }
function readKey(buffer, map) { return { pem, size: buffer.length, map }; }
function parseArgs(argv) { return argv.slice(2); }
login('ann', S.BC_PASSWORD);
charge(S.BC_CARD, 1299);
request('https://api.example.com/v1/charges', { headers: { authorization: 'Bearer ' + S.BC_BEARER, 'x-api-key': S.BC_STRIPE } });
request('https://api.example.com/v1/refunds', { headers: { authorization: 'Bearer ' + HARDCODED_KEY } });
request('https://api.example.com/raw', { rawHeaders: ['Host', 'api.example.com', 'Authorization', 'Bearer ' + S.BC_BEARER] });
try { connect('postgres://app:' + S.BC_DB_PASSWORD + '@db.internal:5432/orders'); } catch (e) { console.log('caught', e.message.length); }
readKey(Buffer.from('password=' + S.BC_PASSWORD), new Map([['apiKey', S.BC_STRIPE], ['card', S.BC_CARD]]));
parseArgs(process.argv);
console.log('done');
`;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe.skipIf(!built)('no secret reaches ~/.breadcrumb or any output (through the binary)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bc-redaction-e2e-'));
  const home = path.join(work, 'home');
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, BREADCRUMB_HOME: home, NODE_OPTIONS: '' };
  for (const [k, v] of Object.entries(SECRETS)) env[`BC_${k}`] = v;
  env.BC_PEM = pemBody;
  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: work, env, encoding: 'utf8', timeout: 90_000 });

  it('records the run, redacted everywhere', () => {
    writeFileSync(path.join(work, 'main.js'), program);
    expect(cli('init', 'app').status).toBe(0);
    const run = cli('run', '-c', 'app', '--timeout', '60', 'node', 'main.js', '--password', SECRETS.ARGV_PASSWORD);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('done');

    const outputs = [run.stdout, run.stderr];
    for (const fn of ['login', 'charge', 'request', 'connect', 'readKey', 'parseArgs']) {
      const q = cli('query', '-c', 'app', '--call', fn);
      expect(q.status, q.stderr).toBe(0);
      outputs.push(q.stdout, q.stderr);
    }
    for (const args of [['query', '-c', 'app', '--exceptions'], ['query', '-c', 'app', '--flow'], ['report', '-c', 'app'], ['list', '-c', 'app']]) {
      const r = cli(...args);
      outputs.push(r.stdout, r.stderr);
    }
    const loginCall = JSON.parse(outputs[2]);
    expect(loginCall.calls[0].args).toEqual({ user: 'ann', password: '[REDACTED:key-context]' });

    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const [i, text] of outputs.entries()) if (text.includes(secret)) leaks.push(`${name} in output ${i}`);
      for (const file of filesUnder(home)) {
        if (readFileSync(file).includes(Buffer.from(secret))) leaks.push(`${name} in ${path.relative(home, file)}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

if (!built) console.warn('redaction end-to-end test skipped: build first (npx tsc -b)');

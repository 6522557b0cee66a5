// A labelled set in the shape of the shared corpus (`{kind, where, sample, secret, positive}`), generated
// from a seed rather than copied: every kind the corpus has and every provider or format a Node program
// plausibly handles, each in the places programs hold it (objects, env lines, argv, query strings, JSON and
// YAML text, headers), with random bodies and valid checksums; and the look-alikes that must stay.
// It stands in for the larger labelled set the redactor is judged on, which is never published.

import { withCrc32 } from './test-tokens.js';

export interface LabelledItem {
  kind: string;
  /** `value`: the string itself is enough; `key`: the context outside it (a key, a flag, a pair) is needed. */
  where: 'value' | 'key';
  sample: unknown;
  /** The substring that must not survive (null on look-alikes). */
  secret: string | null;
  positive: boolean;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

/** A small deterministic generator (mulberry32): the same seed gives the same set on every machine. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  str(length: number, alphabet = ALNUM): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  /** A random string that mixes upper case, lower case and digits (what generated tokens look like). */
  mixed(length: number, alphabet = ALNUM): string {
    for (;;) {
      const s = this.str(length, alphabet);
      if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
    }
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }
  uuid(): string {
    const h = this.str(32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${this.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  digits(n: number): string {
    return String(this.int(1, 9)) + this.str(n - 1, DIGITS);
  }
  /** A password as people choose them: words, digits and a symbol. */
  password(): string {
    const words = ['Thistle', 'Copper', 'falcon', 'Orbit', 'maple', 'Tundra', 'velvet', 'Harbor', 'quartz', 'Sparrow', 'ember', 'Lantern'];
    switch (this.int(0, 3)) {
      case 0: return `${this.pick(words)}${this.pick(['!', '#', '&', '$', '%', '@', '*'])}${this.pick(words)}${this.int(10, 99)}`;
      case 1: return this.mixed(this.int(12, 20), ALNUM + '!#$%^&*~_-');
      case 2: return `${this.pick(words).toLowerCase()}-${this.pick(words).toLowerCase()}-${this.pick(words).toLowerCase()}${this.int(1, 9)}`;
      default: return `${this.pick(words)}${this.int(1000, 9999)}${this.pick(['!', '?', '.', '#'])}`;
    }
  }
}

function githubStyle(r: Random, prefix: string): string {
  return withCrc32(prefix, r.str(30, ALNUM));
}

function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = partial + d;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let v = candidate.charCodeAt(candidate.length - 1 - i) - 48;
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

function cardNumber(r: Random): string {
  const [prefix, length] = r.pick<[string, number]>([
    ['4', 16], ['4', 16], ['4', 13], [String(r.int(51, 55)), 16], [String(r.int(2221, 2720)), 16], ['34', 15], ['37', 15],
    ['6011', 16], ['65', 16], [String(r.int(3528, 3589)), 16], ['36', 14], ['62', 16], ['4', 19],
  ]);
  return luhnComplete(prefix + r.str(length - prefix.length - 1, DIGITS));
}

/** Grouped as printed: 4-6-5 for 15 digits (Amex), 4-6-4 for 14 (Diners), fours otherwise. */
function groupCard(digits: string, sep: string): string {
  if (digits.length === 15) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  if (digits.length === 14) return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)].join(sep);
  return digits.match(/.{1,4}/g)!.join(sep);
}

/** BBAN shapes (a: letter, n: digit, c: either) of IBAN countries, as ISO 13616 registers them. */
const BBAN: Record<string, string> = {
  DE: 'n18', GB: 'a4n14', FR: 'n10c11n2', ES: 'n20', IT: 'a1n10c12', NL: 'a4n10', BE: 'n12', CH: 'n5c12', AT: 'n16',
  PL: 'n24', PT: 'n21', IE: 'a4n14', SE: 'n20', NO: 'n11', DK: 'n14', FI: 'n14', LU: 'n3c13', CZ: 'n20', RO: 'a4c16',
  HU: 'n24', GR: 'n7c16', TR: 'n5n1c16', SA: 'n2c18', AE: 'n19', BR: 'n23a1c1', LT: 'n16', HR: 'n17', SI: 'n15',
};

function bban(r: Random, shape: string): string {
  let out = '';
  for (const [, kind, count] of shape.matchAll(/([anc])(\d+)/g)) {
    const alphabet = kind === 'a' ? UPPER : kind === 'n' ? DIGITS : UPPER + DIGITS;
    out += r.str(Number(count), alphabet);
  }
  return out;
}

function mod97(text: string): number {
  let rem = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 ? c - 55 : c - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem;
}

function iban(r: Random, valid = true): string {
  const country = r.pick(Object.keys(BBAN));
  const body = bban(r, BBAN[country]!);
  const check = 98 - mod97(body + country + '00');
  const digits = valid ? check : ((check + r.int(1, 96) - 2) % 97) + 2;
  return country + String(digits).padStart(2, '0') + body;
}

function ssn(r: Random): [string, string, string] {
  let area = r.int(1, 899);
  if (area === 666) area = 667;
  return [String(area).padStart(3, '0'), String(r.int(1, 99)).padStart(2, '0'), String(r.int(1, 9999)).padStart(4, '0')];
}

const b64url = (text: string): string => Buffer.from(text).toString('base64url');

function jwt(r: Random): string {
  const alg = r.pick(['HS256', 'HS512', 'RS256', 'ES256', 'PS384', 'EdDSA']);
  const header = r.pick([`{"alg":"${alg}","typ":"JWT"}`, `{"typ":"JWT","alg":"${alg}"}`, `{"alg":"${alg}","kid":"${r.str(8, HEX)}"}`]);
  const iat = r.int(1_650_000_000, 1_760_000_000);
  const payload = `{"sub":"${r.int(1, 999999)}","iat":${iat},"exp":${iat + 3600}${r.next() < 0.5 ? `,"email":"u${r.int(1, 999)}@example.com"` : ''}}`;
  const sigBytes = alg.startsWith('HS256') || alg === 'ES256' ? 32 : alg === 'EdDSA' ? 64 : alg === 'HS512' ? 64 : 256;
  return `${b64url(header)}.${b64url(payload)}.${r.bytes(sigBytes).toString('base64url')}`;
}

function jwe(r: Random): string {
  const alg = r.pick(['RSA-OAEP', 'RSA-OAEP-256', 'A256KW', 'dir', 'ECDH-ES']);
  const header = b64url(`{"alg":"${alg}","enc":"${r.pick(['A256GCM', 'A128CBC-HS256'])}"}`);
  const key = alg === 'dir' || alg === 'ECDH-ES' ? '' : r.bytes(alg.startsWith('RSA') ? 256 : 40).toString('base64url');
  return [header, key, r.bytes(12).toString('base64url'), r.bytes(r.int(40, 200)).toString('base64url'), r.bytes(16).toString('base64url')].join('.');
}

/** Base64 lines of a key body, 64 (PEM) or 70 (OpenSSH) characters wide, after a format's magic start. */
function keyBody(r: Random, magic: string, lines: number, width = 64): string[] {
  const text = magic + r.bytes(Math.ceil((lines * width * 3) / 4)).toString('base64');
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(text.slice(i * width, (i + 1) * width));
  return out;
}

interface KeyBlock {
  text: string;
  secret: string;
}

function privateKeyBlock(r: Random): KeyBlock {
  const label = r.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY']);
  const magic = label === 'OPENSSH PRIVATE KEY' ? 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' : label === 'EC PRIVATE KEY' ? 'MHcCAQEEI' : 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
  const lines = keyBody(r, magic, label === 'EC PRIVATE KEY' ? 4 : 12, label === 'OPENSSH PRIVATE KEY' ? 70 : 64);
  const headers = label === 'RSA PRIVATE KEY' && r.next() < 0.3 ? 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,' + r.str(32, HEX.toUpperCase()) + '\n\n' : '';
  return { text: `-----BEGIN ${label}-----\n${headers}${lines.join('\n')}\n-----END ${label}-----\n`, secret: lines[Math.floor(lines.length / 2)]! };
}

function pgpPrivateBlock(r: Random): KeyBlock {
  const lines = keyBody(r, 'lQdGBGR', 10);
  return { text: `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${lines.join('\n')}\n=${r.str(4, B64)}\n-----END PGP PRIVATE KEY BLOCK-----\n`, secret: lines[5]! };
}

function puttyKey(r: Random): KeyBlock {
  const version = r.pick(['2', '3']);
  const pub = keyBody(r, 'AAAAB3NzaC1yc2EAAAADAQABAAABAQ', 6);
  const priv = keyBody(r, 'AAABAQ', 14);
  const argon = version === '3' ? `Key-Derivation: Argon2id\nArgon2-Memory: 8192\nArgon2-Passes: 13\nArgon2-Parallelism: 1\nArgon2-Salt: ${r.str(32, HEX)}\n` : '';
  const text = `PuTTY-User-Key-File-${version}: ssh-rsa\nEncryption: ${r.pick(['none', 'aes256-cbc'])}\n${argon}Comment: rsa-key-2024${r.int(1000, 1231)}\nPublic-Lines: 6\n${pub.join('\n')}\nPrivate-Lines: 14\n${priv.join('\n')}\nPrivate-MAC: ${r.str(64, HEX)}\n`;
  return { text, secret: priv[7]! };
}

function ssh2Key(r: Random): KeyBlock {
  const lines = keyBody(r, 'P2/56wAAA', 8, 70);
  return { text: `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: "rsa-key-20240601"\n${lines.join('\n')}\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n`, secret: lines[4]! };
}

/** A provider token and the names programs keep it under. */
interface Token {
  kind: string;
  value: string;
  names: readonly string[];
}

function providerTokens(r: Random): Token[] {
  const akia = r.pick(['AKIA', 'ASIA']) + r.str(16, UPPER + '234567');
  return [
    { kind: 'aws-access-key', value: akia, names: ['AWS_ACCESS_KEY_ID', 'accessKeyId', 'aws_access_key_id'] },
    { kind: 'github-pat', value: githubStyle(r, 'ghp_'), names: ['GITHUB_TOKEN', 'GH_TOKEN', 'githubToken'] },
    { kind: 'github-token-other', value: githubStyle(r, r.pick(['gho_', 'ghu_', 'ghs_', 'ghr_'])), names: ['token', 'accessToken', 'GITHUB_TOKEN'] },
    { kind: 'github-fine-grained', value: `github_pat_11${r.str(20, UPPER + DIGITS)}_${r.str(59)}`, names: ['GITHUB_PAT', 'token'] },
    { kind: 'gitlab-token', value: `${r.pick(['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glcbt-'])}${r.mixed(20, ALNUM + '_-')}`, names: ['GITLAB_TOKEN', 'CI_JOB_TOKEN', 'privateToken'] },
    { kind: 'gitlab-runner-token', value: `GR1348941${r.mixed(20, ALNUM + '_-')}`, names: ['RUNNER_TOKEN', 'registrationToken'] },
    { kind: 'bitbucket-token', value: `ATBB${r.mixed(32)}${r.str(8, HEX.toUpperCase())}`, names: ['BITBUCKET_APP_PASSWORD', 'appPassword'] },
    { kind: 'atlassian-api-token', value: `ATATT3xFfGF0${r.mixed(170, ALNUM + '_-')}=${r.str(8, HEX.toUpperCase())}`, names: ['JIRA_API_TOKEN', 'apiToken'] },
    { kind: 'slack-token', value: `${r.pick(['xoxb', 'xoxp', 'xoxa', 'xoxe.xoxp-1'])}-${r.digits(11)}-${r.digits(13)}-${r.mixed(24)}`, names: ['SLACK_BOT_TOKEN', 'slackToken'] },
    { kind: 'slack-app-token', value: `xapp-1-A${r.str(10, UPPER + DIGITS)}-${r.digits(13)}-${r.str(64, HEX)}`, names: ['SLACK_APP_TOKEN', 'appToken'] },
    { kind: 'stripe-secret', value: `${r.pick(['sk', 'rk'])}_${r.pick(['live', 'test'])}_51${r.mixed(97)}`, names: ['STRIPE_SECRET_KEY', 'stripeKey', 'apiKey'] },
    { kind: 'stripe-webhook-secret', value: `whsec_${r.mixed(32)}`, names: ['STRIPE_WEBHOOK_SECRET', 'endpointSecret'] },
    { kind: 'openai-key', value: `sk-${r.pick(['proj-', 'svcacct-', 'admin-', ''])}${r.mixed(64, ALNUM + '_-')}T3BlbkFJ${r.mixed(64, ALNUM + '_-')}`, names: ['OPENAI_API_KEY', 'openaiApiKey'] },
    { kind: 'anthropic-key', value: `sk-ant-${r.pick(['api03', 'admin01'])}-${r.mixed(93, ALNUM + '_-')}AA`, names: ['ANTHROPIC_API_KEY', 'apiKey'] },
    { kind: 'ai-provider-key', value: r.pick([`gsk_${r.mixed(52)}`, `xai-${r.mixed(80)}`, `r8_${r.mixed(37)}`, `pplx-${r.mixed(48)}`, `hf_${r.mixed(34)}`, `nvapi-${r.mixed(64, ALNUM + '_-')}`]), names: ['API_KEY', 'GROQ_API_KEY', 'token'] },
    { kind: 'google-api-key', value: `AIza${r.mixed(35, ALNUM + '_-')}`, names: ['GOOGLE_API_KEY', 'mapsKey', 'apiKey'] },
    { kind: 'google-oauth-secret', value: `GOCSPX-${r.mixed(28, ALNUM + '_-')}`, names: ['GOOGLE_CLIENT_SECRET', 'clientSecret'] },
    { kind: 'google-oauth-token', value: `ya29.${r.mixed(150, ALNUM + '_-')}`, names: ['access_token', 'accessToken'] },
    { kind: 'google-refresh-token', value: `1//0${r.mixed(100, ALNUM + '_-')}`, names: ['refresh_token', 'refreshToken'] },
    { kind: 'azure-ad-client-secret', value: `${r.mixed(3)}${r.int(0, 9)}Q~${r.mixed(34, ALNUM + '_~.-')}`.replace(/[-.~_]$/, 'a'), names: ['AZURE_CLIENT_SECRET', 'clientSecret'] },
    { kind: 'alibaba-access-key', value: `LTAI${r.mixed(20)}`, names: ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'accessKeyId'] },
    { kind: 'digitalocean-token', value: `${r.pick(['dop', 'doo', 'dor'])}_v1_${r.str(64, HEX)}`, names: ['DIGITALOCEAN_TOKEN', 'DO_TOKEN'] },
    { kind: 'heroku-api-key', value: `HRKU-${r.mixed(60, ALNUM + '_-')}`, names: ['HEROKU_API_KEY'] },
    { kind: 'twilio-api-key', value: `SK${r.str(32, HEX)}`, names: ['TWILIO_API_KEY', 'apiKeySid'] },
    { kind: 'sendgrid', value: `SG.${r.mixed(22, ALNUM + '_-')}.${r.mixed(43, ALNUM + '_-')}`, names: ['SENDGRID_API_KEY', 'sendgridKey'] },
    { kind: 'mailgun-key', value: `key-${r.str(32, HEX)}`, names: ['MAILGUN_API_KEY', 'apiKey'] },
    { kind: 'mailchimp-key', value: `${r.str(32, HEX)}-us${r.int(1, 21)}`, names: ['MAILCHIMP_API_KEY', 'apiKey'] },
    { kind: 'npm-token', value: githubStyle(r, 'npm_'), names: ['NPM_TOKEN', 'NODE_AUTH_TOKEN', 'npmAuthToken'] },
    { kind: 'pypi-token', value: `pypi-AgEIcHlwaS5vcmc${r.mixed(120, ALNUM + '_-')}`, names: ['PYPI_TOKEN', 'TWINE_PASSWORD'] },
    { kind: 'rubygems-token', value: `rubygems_${r.str(48, HEX)}`, names: ['GEM_HOST_API_KEY'] },
    { kind: 'nuget-key', value: `oy2${r.str(43, LOWER + DIGITS)}`, names: ['NUGET_API_KEY'] },
    { kind: 'dockerhub-pat', value: `dckr_pat_${r.mixed(27, ALNUM + '_-')}`, names: ['DOCKERHUB_TOKEN', 'DOCKER_PASSWORD'] },
    { kind: 'jfrog-token', value: `AKCp${r.mixed(69)}`, names: ['ARTIFACTORY_API_KEY', 'JFROG_TOKEN'] },
    { kind: 'shopify-token', value: `${r.pick(['shpat', 'shpss', 'shpca', 'shppa'])}_${r.str(32, HEX)}`, names: ['SHOPIFY_ACCESS_TOKEN', 'accessToken'] },
    { kind: 'square-token', value: r.pick([`sq0atp-${r.mixed(22, ALNUM + '_-')}`, `sq0csp-${r.mixed(43, ALNUM + '_-')}`, `EAAA${r.mixed(60, ALNUM + '_-')}`]), names: ['SQUARE_ACCESS_TOKEN', 'accessToken'] },
    { kind: 'braintree-token', value: `access_token$production$${r.str(16, LOWER + DIGITS)}$${r.str(32, HEX)}`, names: ['BRAINTREE_ACCESS_TOKEN'] },
    { kind: 'flutterwave-key', value: `FLWSECK_TEST-${r.str(32, 'abcdefgh' + DIGITS)}-X`, names: ['FLW_SECRET_KEY'] },
    { kind: 'databricks-token', value: `dapi${r.str(32, HEX)}`, names: ['DATABRICKS_TOKEN'] },
    { kind: 'linear-api-key', value: `lin_api_${r.mixed(40)}`, names: ['LINEAR_API_KEY'] },
    { kind: 'notion-token', value: r.pick([`secret_${r.mixed(43)}`, `ntn_${r.mixed(46)}`]), names: ['NOTION_TOKEN', 'auth'] },
    { kind: 'sentry-token', value: `sntrys_eyJpYXQiOjE3${r.mixed(60, ALNUM + '_+/=')}`, names: ['SENTRY_AUTH_TOKEN'] },
    { kind: 'grafana-token', value: `glsa_${r.mixed(32)}_${r.str(8, HEX)}`, names: ['GRAFANA_TOKEN'] },
    { kind: 'newrelic-key', value: `NRAK-${r.str(27, UPPER + DIGITS)}`, names: ['NEW_RELIC_API_KEY'] },
    { kind: 'vault-token', value: `hvs.${r.mixed(90, ALNUM + '_-')}`, names: ['VAULT_TOKEN'] },
    { kind: 'doppler-token', value: `dp.${r.pick(['st', 'pt', 'sa'])}.${r.mixed(40)}`, names: ['DOPPLER_TOKEN'] },
    { kind: 'postman-api-key', value: `PMAK-${r.str(24, HEX)}-${r.str(34, HEX)}`, names: ['POSTMAN_API_KEY'] },
    { kind: 'age-secret-key', value: `AGE-SECRET-KEY-1${r.str(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L'.toUpperCase())}`, names: ['SOPS_AGE_KEY'] },
    { kind: 'vercel-token', value: `vck_${r.mixed(56)}`, names: ['VERCEL_TOKEN'] },
    { kind: 'supabase-token', value: `sbp_${r.str(40, HEX)}`, names: ['SUPABASE_ACCESS_TOKEN'] },
    { kind: 'planetscale-token', value: `pscale_pw_${r.mixed(43, ALNUM + '_-')}`, names: ['DATABASE_PASSWORD'] },
    { kind: 'tailscale-key', value: `tskey-auth-${r.mixed(17)}-${r.mixed(33)}`, names: ['TS_AUTHKEY'] },
    { kind: 'telegram-bot-token', value: `${r.digits(10)}:AA${r.mixed(33, ALNUM + '_-')}`.replace(/[-_]$/, 'x'), names: ['TELEGRAM_BOT_TOKEN', 'botToken'] },
    { kind: 'discord-bot-token', value: `${r.pick(['M', 'N', 'O'])}${r.mixed(25, ALNUM)}.${r.mixed(6, ALNUM)}.${r.mixed(38, ALNUM + '_-')}`.replace(/[-_]$/, 'q'), names: ['DISCORD_TOKEN', 'botToken'] },
    { kind: 'figma-token', value: `figd_${r.mixed(40, ALNUM + '_-')}`, names: ['FIGMA_TOKEN'] },
    { kind: 'jwt', value: jwt(r), names: ['id_token', 'accessToken', 'jwt'] },
    { kind: 'jwe', value: jwe(r), names: ['token', 'encryptedToken'] },
  ];
}

/** The places a self-identifying token sits in a program's values. */
function tokenPlacements(r: Random, t: Token): { where: 'value'; sample: unknown }[] {
  const name = r.pick(t.names);
  const v = t.value;
  return [
    { where: 'value', sample: v },
    { where: 'value', sample: r.pick([`${name}=${v}`, `export ${name}="${v}"`, `${name}='${v}'\nNODE_ENV=production\n`]) },
    { where: 'value', sample: r.pick([{ config: { credentials: v } }, { [`opt${r.int(1, 9)}`]: v }, [v], { data: { items: [{ value: v }] } }]) },
    { where: 'value', sample: r.pick([`{"${name}":"${v}","region":"eu-west-1"}`, `${name.toLowerCase()}: ${v}\nregion: eu-west-1\n`, `  ${name.toLowerCase()}: "${v}"`]) },
    { where: 'value', sample: r.pick([['node', 'deploy.js', `--${name.toLowerCase().replace(/_/g, '-')}`, v], ['curl', '-H', `Authorization: Bearer ${v}`, 'https://api.example.com/v1/me'], `failed to call API with ${v}: 401`]) },
    { where: 'value', sample: r.pick([encodeURIComponent(v) === v ? `https://api.example.com/v2/items?limit=50&${r.pick(['access_token', 'token', 'api_key', 'key', 'auth'])}=${v}` : `Bearer ${v}`, { headers: { authorization: `Bearer ${v}` } }, { rawHeaders: ['Host', 'api.example.com', 'Authorization', `token ${v}`] }]) },
  ];
}

/** `scheme://user:password@host` in every common scheme, and the connection strings that are not URLs. */
function connectionStrings(r: Random): { sample: unknown; secret: string; kind: string }[] {
  const user = r.pick(['app', 'svc_orders', 'admin', 'postgres', 'root', 'deploy', 'reporting']);
  const pw = (): string => r.mixed(r.int(12, 24), ALNUM + '_~-');
  const host = r.pick(['db.internal', 'prod-db-1.c9akciq32.eu-west-1.rds.amazonaws.com', '10.0.3.17', 'cluster0.ab1cd.mongodb.net', 'cache.internal']);
  const out: { sample: unknown; secret: string; kind: string }[] = [];
  const schemes = ['postgres', 'postgresql', 'mysql', 'mysql2', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps', 'mssql', 'sqlserver', 'cockroachdb', 'clickhouse', 'nats', 'ldap', 'ldaps', 'smtp', 'smtps', 'ftp', 'sftp', 'neo4j', 'neo4j+s', 'bolt', 'couchbase', 'https', 'mqtt', 'kafka', 'oracle', 'elasticsearch', 'memcached', 'influxdb', 'couchdb'];
  for (const scheme of schemes) {
    const p = pw();
    const url = `${scheme}://${user}:${p}@${host}:${r.int(1000, 65000)}/${r.pick(['app', 'orders', '0', 'prod'])}${r.next() < 0.3 ? '?sslmode=require' : ''}`;
    out.push({ kind: 'connection-string-password', secret: p, sample: r.pick([url, { url }, { DATABASE_URL: url }, `connecting to ${url}`, { env: { [`${scheme.toUpperCase().replace(/\W/g, '_')}_URL`]: url } }]) });
  }
  const p1 = pw();
  out.push({ kind: 'connection-string-password', secret: p1, sample: `jdbc:postgresql://${host}:5432/app?user=${user}&password=${p1}&ssl=true` });
  const p2 = pw();
  out.push({ kind: 'connection-string-password', secret: p2, sample: `jdbc:mysql://${user}:${p2}@${host}:3306/app` });
  const p3 = pw();
  out.push({ kind: 'connection-string-password', secret: p3, sample: `Server=${host};Database=app;User Id=${user};Password=${p3};` });
  const p4 = pw();
  out.push({ kind: 'connection-string-password', secret: p4, sample: `Data Source=${host};Initial Catalog=orders;User ID=${user};Pwd=${p4};TrustServerCertificate=True` });
  const p5 = pw();
  out.push({ kind: 'connection-string-password', secret: p5, sample: `host=${host} port=5432 dbname=app user=${user} password=${p5} sslmode=require` });
  const p6 = pw();
  out.push({ kind: 'connection-string-password', secret: p6, sample: `Driver={ODBC Driver 18 for SQL Server};Server=tcp:${host},1433;Uid=${user};Pwd=${p6};Encrypt=yes;` });
  const p7 = pw();
  out.push({ kind: 'connection-string-password', secret: p7, sample: `${user}:${p7}@tcp(${host}:3306)/app?parseTime=true` });
  const p8 = pw();
  out.push({ kind: 'connection-string-password', secret: p8, sample: `jdbc:oracle:thin:${user}/${p8}@${host}:1521:ORCL` });
  const p9 = encodeURIComponent(r.password());
  out.push({ kind: 'connection-string-password', secret: p9, sample: { connectionString: `postgresql://${user}:${p9}@${host}/app` } });
  const p10 = pw();
  out.push({ kind: 'connection-string-password', secret: p10, sample: `mongodb://${user}:${p10}@db1.internal:27017,db2.internal:27017,db3.internal:27017/app?replicaSet=rs0&authSource=admin` });
  const p11 = pw();
  out.push({ kind: 'connection-string-password', secret: p11, sample: `redis://:${p11}@${host}:6379/0` });
  const p12 = pw();
  out.push({ kind: 'connection-string-password', secret: p12, sample: { host, port: 5432, user, password: p12, database: 'app', ssl: { rejectUnauthorized: false } } });
  return out;
}

/** The names a password goes by, in programming languages' conventions and in people's languages. */
const PASSWORD_NAMES = [
  'password', 'Password', 'PASSWORD', 'passwd', 'pwd', 'pass', 'userPassword', 'user_password', 'db_password', 'DB_PASS',
  'dbPassword', 'PGPASSWORD', 'MYSQL_ROOT_PASSWORD', 'MYSQL_PASSWORD', 'admin-password', 'adminPass', 'smtpPassword',
  'SMTP_PASS', 'mail.password', 'spring.datasource.password', 'newPassword', 'currentPassword', 'oldPassword', 'password_confirmation',
  'passphrase', 'keyPassphrase', 'keystorePassword', 'KEYSTORE_PASS', 'redisPassword', 'REDIS_AUTH', 'rootPassword',
  'Passwort', 'passwort', 'kennwort', 'contrasena', 'contraseña', 'senha', 'motDePasse', 'mot_de_passe', 'wachtwoord', 'losenord',
  'salasana', 'haslo', 'hasło', 'HASŁO', 'heslo', 'passord', 'adgangskode', 'sifre', 'şifre', 'Lösenord', 'jelszó', 'пароль',
  // Chinese, Japanese and Korean, whose compounds run their words together
  '密码', '密碼', '用户密码', '数据库密码', '登录密码', '新密码', '确认密码', '口令', 'パスワード', 'ユーザーパスワード', 'DBパスワード',
  '暗証番号', '비밀번호', '새비밀번호', '관리자비밀번호', '비밀번호확인', '패스워드', 'db_密码', 'mysql.パスワード',
];

/** Names of other secrets that only their key identifies. */
const SECRET_NAMES = [
  'apiKey', 'api_key', 'API-KEY', 'x-api-key', 'apiSecret', 'clientSecret', 'client_secret', 'appSecret', 'secretKey', 'SECRET_KEY',
  'accessToken', 'access_token', 'authToken', 'AUTH_TOKEN', 'refreshToken', 'sessionToken', 'bearerToken', 'privateKey',
  'signingKey', 'encryptionKey', 'ENCRYPTION_KEY', 'masterKey', 'jwtSecret', 'JWT_SECRET', 'sessionSecret', 'cookieSecret',
  'webhookSecret', 'hmacKey', 'HMAC_SECRET', 'consumerSecret', 'oauthTokenSecret', 'accountKey', 'storageAccountKey',
  'subscriptionKey', 'Ocp-Apim-Subscription-Key', 'licenseKey', 'X-Auth-Token', 'x-access-token', 'credentials', 'secret',
  'token', 'auth_token', 'apiToken', 'privateToken', 'Private-Token', 'sharedSecret', 'otpSecret', 'totpSecret', 'mfaSecret',
  'recoveryCode', 'recoveryCodes', 'backupCode', 'mnemonic', 'seedPhrase', 'walletPrivateKey', 'deployKey', 'CLOUDFLARE_API_TOKEN',
  'cfApiKey', 'DATADOG_API_KEY', 'DD_APP_KEY', 'ALGOLIA_ADMIN_KEY', 'pusherSecret', 'PUSHER_APP_SECRET', 'rsaPrivateKey',
  'API密钥', '访问密钥', '私钥', '密鑰', '访问令牌', '令牌', '客户端密钥', 'APIキー', 'アクセスキー', '秘密鍵', 'アクセストークン',
  'クライアントシークレット', 'API키', '액세스토큰', '비밀키', '개인키', '토큰', '助记词', 'リカバリーコード',
];

function secretValueFor(r: Random, name: string): string {
  if (/mnemonic|seed/i.test(name)) return Array.from({ length: 12 }, () => r.pick(['abandon', 'timber', 'orbit', 'velvet', 'canyon', 'lunar', 'pepper', 'raven', 'drift', 'oyster', 'marble', 'glide'])).join(' ');
  if (/recovery|backup/i.test(name)) return `${r.str(5, LOWER + DIGITS)}-${r.str(5, LOWER + DIGITS)}`;
  if (/otp|totp|mfa/i.test(name)) return r.str(32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  return r.pick([r.mixed(32), r.str(40, HEX), r.mixed(24, ALNUM + '_-'), r.bytes(32).toString('base64'), r.str(64, HEX), r.mixed(43, B64URL)]);
}

function keyedSecrets(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  const flag = (name: string): string => '--' + name.replace(/([a-z])([A-Z])/g, '$1-$2').replace(/[_.]/g, '-').toLowerCase();
  for (const name of PASSWORD_NAMES) {
    const pw = r.password();
    const sample = r.pick<unknown>([
      { [name]: pw }, { user: 'alice', [name]: pw }, { auth: { username: 'svc', [name]: pw } }, [name, pw],
      new Map([[name, pw]]), ['node', 'cli.js', flag(name), pw], [`${flag(name)}=${pw}`],
    ]);
    out.push({ kind: 'password-field', where: 'key', sample, secret: pw, positive: true });
  }
  for (const name of PASSWORD_NAMES.filter((_, i) => i % 2 === 0)) {
    const pw = r.password();
    const sample = r.pick([
      `${name}=${pw}`, `${name}: ${pw}`, `${name} = "${pw}"`, `{"user":"app","${name}":"${pw}"}`, `  ${name}: '${pw}'`,
      `<${name}>${pw}</${name}>`, `${name.toUpperCase()}="${pw}"`, `user=app&${name}=${encodeURIComponent(pw)}&remember=1`,
    ]);
    out.push({ kind: 'password-in-text', where: 'value', sample, secret: sample.includes(encodeURIComponent(pw)) && !sample.includes(pw) ? encodeURIComponent(pw) : pw, positive: true });
  }
  for (const name of SECRET_NAMES) {
    const v = secretValueFor(r, name);
    const sample = r.pick<unknown>([
      { [name]: v }, { config: { [name]: v, region: 'us-east-1' } }, [name, v], { headers: { [name]: v } },
      ['node', 'server.js', flag(name), v], `${name}=${v}`, `${name}: ${v}`, `{"${name}": "${v}"}`,
    ]);
    const where = typeof sample === 'string' ? 'value' : 'key';
    out.push({ kind: 'generic-secret', where, sample, secret: v, positive: true });
  }
  // a Map keyed by the name, FormData-style pairs, rawHeaders, argv with a short flag
  const pw = r.password();
  out.push({ kind: 'cli-password-arg', where: 'key', sample: ['mysql', '-h', 'db.internal', '-u', 'root', `-p${pw}`], secret: pw, positive: true });
  const pw2 = r.password();
  out.push({ kind: 'cli-password-arg', where: 'key', sample: ['psql', '-h', 'db', '-U', 'app', '--password', pw2], secret: pw2, positive: true });
  const pw3 = r.password();
  out.push({ kind: 'cli-password-arg', where: 'value', sample: `docker login registry.example.com -u ci -p ${pw3}`, secret: pw3, positive: true });
  const pw4 = r.password();
  out.push({ kind: 'cli-password-arg', where: 'value', sample: `curl -u admin:${pw4} https://jenkins.internal/api/json`, secret: pw4, positive: true });
  return out;
}

/** Basic credentials, bearer headers, cookies in the shapes Node's http, fetch and frameworks hold them. */
function headerSecrets(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  for (let i = 0; i < 6; i++) {
    const basic = Buffer.from(`${r.pick(['admin', 'ci', 'svc-report', 'alice'])}:${r.password()}`).toString('base64');
    const scheme = r.pick(['Basic', 'basic', 'BASIC']);
    const sample = r.pick<unknown>([
      { headers: { Authorization: `${scheme} ${basic}` } }, { authorization: `${scheme} ${basic}` }, ['Authorization', `${scheme} ${basic}`],
      `GET /api HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: ${scheme} ${basic}\r\n\r\n`, { 'Proxy-Authorization': `Basic ${basic}` },
      { rawHeaders: ['host', 'x', 'authorization', `Basic ${basic}`] }, `curl -H "Authorization: Basic ${basic}" https://x.example.com`,
    ]);
    out.push({ kind: 'basic-auth-header', where: 'value', sample, secret: basic, positive: true });
  }
  for (let i = 0; i < 6; i++) {
    const bearer = r.pick([r.mixed(40, B64URL), r.str(64, HEX), r.mixed(32)]);
    const sample = r.pick<unknown>([
      { headers: { authorization: `Bearer ${bearer}` } }, new Map([['Authorization', `Bearer ${bearer}`]]), [['Authorization', `Bearer ${bearer}`], ['Accept', '*/*']],
      `Authorization: Bearer ${bearer}`, { Authorization: `Token ${bearer}` }, `requesting https://api.example.com with header Bearer ${bearer}`,
    ]);
    out.push({ kind: 'bearer-header', where: 'value', sample, secret: bearer, positive: true });
  }
  const cookieNames = ['connect.sid', 'sid', 'session', 'sessionid', 'JSESSIONID', 'PHPSESSID', 'laravel_session', '_session_id', 'ASP.NET_SessionId', '__Secure-next-auth.session-token', 'rack.session', '_myapp_session', 'SESSION', 'auth_token', '__Host-session'];
  for (const name of cookieNames) {
    const value = name === 'connect.sid' ? `s%3A${r.mixed(32, B64URL)}.${r.mixed(43, ALNUM + '%')}` : name.includes('next-auth') ? jwe(r) : r.pick([r.mixed(32), r.str(32, HEX.toUpperCase()), r.mixed(48, B64URL)]);
    const sample = r.pick<unknown>([
      { headers: { cookie: `_ga=GA1.2.${r.digits(9)}.${r.digits(10)}; ${name}=${value}; theme=dark` } },
      { 'set-cookie': [`${name}=${value}; Path=/; HttpOnly; Secure; SameSite=Lax`] },
      `Cookie: lang=en; ${name}=${value}`,
      { cookies: { [name]: value } },
      `${name}=${value}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly`,
    ]);
    out.push({ kind: 'cookie-session', where: typeof sample === 'string' ? 'value' : 'key', sample, secret: value, positive: true });
  }
  return out;
}

function webhookUrls(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  const slack = r.mixed(24);
  out.push({ kind: 'slack-webhook', where: 'value', sample: { webhookUrl: `https://hooks.slack.com/services/T${r.str(8, UPPER + DIGITS)}/B${r.str(10, UPPER + DIGITS)}/${slack}` }, secret: slack, positive: true });
  const slack2 = r.mixed(24);
  out.push({ kind: 'slack-webhook', where: 'value', sample: `SLACK_WEBHOOK=https://hooks.slack.com/workflows/T${r.str(8, UPPER + DIGITS)}/A${r.str(10, UPPER + DIGITS)}/${r.digits(18)}/${slack2}`, secret: slack2, positive: true });
  const discord = r.mixed(68, ALNUM + '_-');
  out.push({ kind: 'discord-webhook', where: 'value', sample: `https://${r.pick(['discord.com', 'discordapp.com'])}/api/webhooks/${r.digits(19)}/${discord}`, secret: discord, positive: true });
  const teams = r.str(32, HEX);
  out.push({ kind: 'teams-webhook', where: 'value', sample: { url: `https://${r.pick(['acme.webhook.office.com', 'outlook.office.com'])}/webhookb2/${r.uuid()}@${r.uuid()}/IncomingWebhook/${teams}/${r.uuid()}` }, secret: teams, positive: true });
  const gchatKey = `AIza${r.mixed(35, ALNUM + '_-')}`;
  const gchatToken = r.mixed(43, ALNUM + '_-');
  out.push({ kind: 'google-chat-webhook', where: 'value', sample: `https://chat.googleapis.com/v1/spaces/AAAA${r.mixed(7)}/messages?key=${gchatKey}&token=${encodeURIComponent(gchatToken + '=')}`, secret: gchatToken, positive: true });
  const tg = `${r.digits(10)}:AA${r.mixed(33)}`;
  out.push({ kind: 'telegram-bot-token', where: 'value', sample: `https://api.telegram.org/bot${tg}/sendMessage?chat_id=${r.digits(9)}`, secret: tg, positive: true });
  const mattermost = r.str(26, LOWER + DIGITS);
  out.push({ kind: 'mattermost-webhook', where: 'value', sample: { MATTERMOST_WEBHOOK_URL: `https://chat.${r.pick(['acme.io', 'example.org'])}/hooks/${mattermost}` }, secret: mattermost, positive: true });
  const ifttt = r.mixed(22, ALNUM + '_-');
  out.push({ kind: 'ifttt-webhook', where: 'value', sample: `POST https://maker.ifttt.com/trigger/${r.pick(['door_open', 'backup_done'])}/with/key/${ifttt}`, secret: ifttt, positive: true });
  const sig = r.bytes(32).toString('base64');
  out.push({ kind: 'azure-sas-token', where: 'value', sample: `https://acme${r.str(6, LOWER)}.blob.core.windows.net/uploads/report.pdf?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=${encodeURIComponent(sig)}`, secret: encodeURIComponent(sig), positive: true });
  const la = r.mixed(43, ALNUM + '_-');
  out.push({ kind: 'azure-logic-app', where: 'value', sample: `https://prod-12.westeurope.logic.azure.com:443/workflows/${r.str(32, HEX)}/triggers/manual/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${la}`, secret: la, positive: true });
  const storage = r.bytes(64).toString('base64');
  out.push({ kind: 'azure-storage-key', where: 'value', sample: `DefaultEndpointsProtocol=https;AccountName=acme${r.str(6, LOWER)};AccountKey=${storage};EndpointSuffix=core.windows.net`, secret: storage, positive: true });
  const aws = r.mixed(40, ALNUM + '/+');
  out.push({ kind: 'aws-secret-key', where: 'value', sample: `[default]\naws_access_key_id = AKIA${r.str(16, UPPER + '234567')}\naws_secret_access_key = ${aws}\nregion = eu-west-1\n`, secret: aws, positive: true });
  const aws2 = r.mixed(40, ALNUM + '/+');
  out.push({ kind: 'aws-secret-key', where: 'key', sample: { credentials: { accessKeyId: `AKIA${r.str(16, UPPER + '234567')}`, secretAccessKey: aws2 } }, secret: aws2, positive: true });
  const aws3 = r.mixed(40, ALNUM + '/+');
  out.push({ kind: 'aws-secret-key', where: 'value', sample: `AWS_ACCESS_KEY_ID=AKIA${r.str(16, UPPER + '234567')} AWS_SECRET_ACCESS_KEY=${aws3} aws s3 ls`, secret: aws3, positive: true });
  return out;
}

function registrySecrets(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  const npm = githubStyle(r, 'npm_');
  out.push({ kind: 'npm-token', where: 'value', sample: `//registry.npmjs.org/:_authToken=${npm}\n`, secret: npm, positive: true });
  const legacy = r.uuid();
  out.push({ kind: 'npm-token', where: 'value', sample: `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${legacy}\n`, secret: legacy, positive: true });
  const auth = Buffer.from(`ci:${r.password()}`).toString('base64');
  out.push({ kind: 'npm-token', where: 'value', sample: `//npm.pkg.github.com/:_auth=${auth}\nalways-auth=true\n`, secret: auth, positive: true });
  const pass = Buffer.from(r.password()).toString('base64');
  out.push({ kind: 'npm-token', where: 'value', sample: `//artifactory.example.com/api/npm/npm/:_password=${pass}\n//artifactory.example.com/api/npm/npm/:username=ci\n`, secret: pass, positive: true });
  const yarn = githubStyle(r, 'npm_');
  out.push({ kind: 'npm-token', where: 'value', sample: `npmRegistries:\n  "https://registry.yarnpkg.com":\n    npmAuthToken: ${yarn}\n`, secret: yarn, positive: true });
  const docker = Buffer.from(`ci:${r.password()}`).toString('base64');
  out.push({ kind: 'docker-config-auth', where: 'key', sample: { auths: { 'registry.example.com': { auth: docker } } }, secret: docker, positive: true });
  const docker2 = Buffer.from(`robot$ci:${r.mixed(32)}`).toString('base64');
  out.push({ kind: 'docker-config-auth', where: 'value', sample: `{"auths":{"ghcr.io":{"auth":"${docker2}"}}}`, secret: docker2, positive: true });
  const cargo = `cio${r.mixed(32)}`;
  out.push({ kind: 'crates-token', where: 'value', sample: `[registry]\ntoken = "${cargo}"\n`, secret: cargo, positive: true });
  const pypirc = `pypi-AgEIcHlwaS5vcmc${r.mixed(100, ALNUM + '_-')}`;
  out.push({ kind: 'pypi-token', where: 'value', sample: `[pypi]\n  username = __token__\n  password = ${pypirc}\n`, secret: pypirc, positive: true });
  return out;
}

function keyMaterial(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  for (let i = 0; i < 8; i++) {
    const k = privateKeyBlock(r);
    const sample = r.pick<unknown>([
      k.text, { privateKey: k.text }, { key: k.text, cert: 'x' }, JSON.stringify({ private_key: k.text }), k.text.slice(0, Math.floor(k.text.length * 0.7)),
      `SSH_KEY="${k.text.replace(/\n/g, '\\n')}"`, k.text.replace(/\n/g, '\r\n'), `tls:\n  key: |\n    ${k.text.trimEnd().replace(/\n/g, '\n    ')}\n`,
    ]);
    out.push({ kind: 'private-key-pem', where: 'value', sample, secret: k.secret, positive: true });
  }
  for (const make of [pgpPrivateBlock, puttyKey, ssh2Key]) {
    for (let i = 0; i < 2; i++) {
      const k = make(r);
      out.push({ kind: make === pgpPrivateBlock ? 'pgp-private-key' : make === puttyKey ? 'putty-private-key' : 'ssh2-private-key', where: 'value', sample: r.pick<unknown>([k.text, { contents: k.text }]), secret: k.secret, positive: true });
    }
  }
  const gcp = privateKeyBlock(r);
  out.push({ kind: 'gcp-service-account-json', where: 'value', sample: { type: 'service_account', project_id: `acme-${r.int(100, 999)}`, private_key_id: r.str(40, HEX), private_key: gcp.text, client_email: `svc@acme.iam.gserviceaccount.com` }, secret: gcp.secret, positive: true });
  const d = r.bytes(32).toString('base64url');
  out.push({ kind: 'jwk-private', where: 'key', sample: { kty: 'OKP', crv: 'Ed25519', x: r.bytes(32).toString('base64url'), d }, secret: d, positive: true });
  const wallet = '0x' + r.str(64, HEX);
  out.push({ kind: 'crypto-wallet-secret', where: 'key', sample: { PRIVATE_KEY: wallet, network: 'sepolia' }, secret: wallet, positive: true });
  return out;
}

function piiSecrets(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  for (let i = 0; i < 16; i++) {
    const card = cardNumber(r);
    const spelled = r.pick([card, groupCard(card, ' '), groupCard(card, '-')]);
    const sample = r.pick<unknown>([
      spelled, { card: { number: spelled, expMonth: 9, expYear: 2028 } }, `Charged card ${spelled} for $42.00`, { pan: spelled },
      { cardNumber: Number(card) <= Number.MAX_SAFE_INTEGER ? Number(card) : card }, `{"source":{"number":"${spelled}","cvc":"123"}}`,
    ]);
    out.push({ kind: 'credit-card', where: 'value', sample, secret: typeof sample === 'object' && sample !== null && 'cardNumber' in sample ? card : spelled, positive: true });
  }
  for (let i = 0; i < 4; i++) {
    let cvv = String(r.int(100, 9999));
    if (/^(.)\1+$/.test(cvv)) cvv = cvv.slice(0, -1) + ((Number(cvv.at(-1)) + 1) % 10);
    const name = r.pick(['cvv', 'cvc', 'cvv2', 'securityCode', 'card_cvc', 'pin', 'pinCode']);
    out.push({ kind: 'card-cvv-pin', where: 'key', sample: { [name]: r.next() < 0.5 ? cvv : Number(cvv) }, secret: cvv, positive: true });
  }
  for (let i = 0; i < 10; i++) {
    const [a, g, s] = ssn(r);
    const form = r.int(0, 4);
    if (form === 0) out.push({ kind: 'ssn', where: 'value', sample: `${a}-${g}-${s}`, secret: `${a}-${g}-${s}`, positive: true });
    else if (form === 1) out.push({ kind: 'ssn', where: 'value', sample: `Applicant SSN: ${a} ${g} ${s}, DOB 1985-02-11`, secret: `${a} ${g} ${s}`, positive: true });
    else if (form === 2) out.push({ kind: 'ssn', where: 'key', sample: { [r.pick(['ssn', 'SSN', 'social_security_number', 'socialSecurityNumber', 'taxpayerSsn'])]: `${a}${g}${s}` }, secret: `${a}${g}${s}`, positive: true });
    else if (form === 3) out.push({ kind: 'ssn', where: 'value', sample: { applicant: { name: 'J Doe', ssn: `${a}-${g}-${s}` } }, secret: `${a}-${g}-${s}`, positive: true });
    else out.push({ kind: 'ssn', where: 'value', sample: `social security number ${a}${g}${s} on file`, secret: `${a}${g}${s}`, positive: true });
  }
  for (let i = 0; i < 16; i++) {
    const compact = iban(r);
    const grouped = compact.match(/.{1,4}/g)!.join(' ');
    const spelled = r.pick([compact, grouped, compact.toLowerCase(), grouped.toLowerCase(), grouped]);
    const sample = r.pick<unknown>([spelled, { iban: spelled }, `Pay to IBAN ${spelled} by Friday`, { beneficiary: { name: 'ACME GmbH', account: spelled } }, `IBAN: ${spelled}`]);
    out.push({ kind: 'iban', where: 'value', sample, secret: spelled, positive: true });
  }
  return out;
}

function textSecrets(r: Random): LabelledItem[] {
  const out: LabelledItem[] = [];
  const lines: [(s: string) => string, string][] = [
    [(s) => `ALTER USER 'app'@'%' IDENTIFIED BY '${s}';`, 'sql'], [(s) => `CREATE USER reporting WITH PASSWORD '${s}';`, 'sql'],
    [(s) => `Connecting to db as admin with password "${s}"`, 'log'], [(s) => `the new password is ${s}`, 'log'],
    [(s) => `SET PASSWORD FOR 'app'@'localhost' = '${s}';`, 'sql'], [(s) => `requirepass ${s}`, 'redis'],
    [(s) => `{"username":"alice","password":"${s}","remember":true}`, 'body'], [(s) => `username=alice&password=${encodeURIComponent(s)}&remember=on`, 'body'],
    [(s) => `db:\n  host: db.internal\n  password: ${s}\n`, 'yaml'], [(s) => `[database]\nuser = app\npassword = ${s}\n`, 'ini'],
    [(s) => `spring.datasource.password=${s}`, 'properties'], [(s) => `DB_PASSWORD="${s}"`, 'dotenv'],
  ];
  for (const [make] of lines) {
    const s = r.password();
    const sample = make(s);
    out.push({ kind: 'password-in-text', where: 'value', sample, secret: sample.includes(s) ? s : encodeURIComponent(s), positive: true });
  }
  // the same assignment in the syntax of other languages' source and config files
  const syntaxes: ((n: string, s: string) => string)[] = [
    (n, s) => `${n.toUpperCase()} = "${s}"`, (n, s) => `config.${n} = '${s}';`, (n, s) => `:${n} => '${s}',`, (n, s) => `'${n}' => '${s}',`,
    (n, s) => `<add name="Default" ${n}="${s}" />`, (n, s) => `${n} := "${s}"`, (n, s) => `${n} = "${s}"  # toml`, (n, s) => `  ${n}: "${s}",`,
    (n, s) => `--${n} "${s}"`, (n, s) => `$${n} = '${s}';`, (n, s) => `${n.toUpperCase()}=${s} node server.js`,
  ];
  for (const syntax of syntaxes) {
    const s = r.password();
    out.push({ kind: 'password-in-text', where: 'value', sample: syntax(r.pick(['password', 'db_password', 'dbPassword', 'admin_pass', 'secret', 'api_key', 'smtp_password']), s), secret: s, positive: true });
  }
  const otp = r.str(32, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  out.push({ kind: 'otp-secret', where: 'value', sample: `otpauth://totp/Acme:alice%40example.com?secret=${otp}&issuer=Acme&algorithm=SHA1&digits=6`, secret: otp, positive: true });
  const otp2 = r.str(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  out.push({ kind: 'otp-secret', where: 'key', sample: { user: 'alice', mfa: { type: 'totp', secret: otp2 } }, secret: otp2, positive: true });
  const session = `IQoJb3JpZ2luX2Vj${r.mixed(300, B64)}`;
  out.push({ kind: 'aws-session-token', where: 'value', sample: `[profile ci]\naws_access_key_id = ASIA${r.str(16, UPPER + '234567')}\naws_secret_access_key = ${r.mixed(40, B64)}\naws_session_token = ${session}\n`, secret: session, positive: true });
  const session2 = `FwoGZXIvYXdzE${r.mixed(200, B64)}`;
  out.push({ kind: 'aws-session-token', where: 'key', sample: { AccessKeyId: `ASIA${r.str(16, UPPER + '234567')}`, SecretAccessKey: r.mixed(40, B64), SessionToken: session2, Expiration: '2025-06-01T12:00:00Z' }, secret: session2, positive: true });
  const twilioSid = `AC${r.str(32, HEX)}`;
  const twilioToken = r.str(32, HEX);
  out.push({ kind: 'twilio', where: 'value', sample: `const client = twilio('${twilioSid}', '${twilioToken}');`, secret: twilioToken, positive: true });
  out.push({ kind: 'twilio', where: 'key', sample: { TWILIO_ACCOUNT_SID: twilioSid, TWILIO_AUTH_TOKEN: twilioToken }, secret: twilioToken, positive: true });
  const postmark = r.uuid();
  out.push({ kind: 'mail-provider-key', where: 'key', sample: { headers: { 'X-Postmark-Server-Token': postmark, Accept: 'application/json' } }, secret: postmark, positive: true });
  const brevo = `xkeysib-${r.str(64, HEX)}-${r.mixed(16)}`;
  out.push({ kind: 'mail-provider-key', where: 'value', sample: { headers: { 'api-key': brevo } }, secret: brevo, positive: true });
  const vaultLegacy = `s.${r.mixed(24)}`;
  out.push({ kind: 'hashicorp-vault-token', where: 'value', sample: `X-Vault-Token: ${vaultLegacy}`, secret: vaultLegacy, positive: true });
  const wif = `${r.pick(['K', 'L'])}${r.str(51, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz')}`;
  out.push({ kind: 'crypto-wallet-secret', where: 'key', sample: { wif, network: 'bitcoin' }, secret: wif, positive: true });
  const xprv = `xprv9s21ZrQH143K${r.str(95, '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz')}`;
  out.push({ kind: 'crypto-wallet-secret', where: 'value', sample: `restoring wallet from ${xprv}`, secret: xprv, positive: true });
  const rsaD = r.bytes(256).toString('base64url');
  out.push({ kind: 'jwk-private', where: 'key', sample: { keys: [{ kty: 'RSA', n: r.bytes(256).toString('base64url'), e: 'AQAB', d: rsaD, p: r.bytes(128).toString('base64url'), q: r.bytes(128).toString('base64url') }] }, secret: rsaD, positive: true });
  const dotenv = r.mixed(40, ALNUM + '_-');
  out.push({ kind: 'dotenv-secret', where: 'value', sample: `# Payments\nPAYMENTS_API_SECRET = '${dotenv}' # rotate quarterly\nPAYMENTS_MODE=live\n`, secret: dotenv, positive: true });
  const t = r.mixed(32);
  out.push({ kind: 'url-query-secret', where: 'value', sample: `https://api.example.com/v1/export?format=csv&access_token=${t}`, secret: t, positive: true });
  const t2 = r.mixed(40, ALNUM + '_-');
  out.push({ kind: 'url-query-secret', where: 'value', sample: { url: `/callback?code=abc&state=xyz&client_secret=${t2}` }, secret: t2, positive: true });
  const t3 = r.mixed(36);
  out.push({ kind: 'url-query-secret', where: 'value', sample: `wss://realtime.example.com/socket?apikey=${t3}&vsn=2.0.0`, secret: t3, positive: true });
  const basic = r.password();
  out.push({ kind: 'url-basic-auth', where: 'value', sample: `https://deploy:${encodeURIComponent(basic)}@git.example.com/acme/app.git`, secret: encodeURIComponent(basic), positive: true });
  const basic2 = r.mixed(20);
  out.push({ kind: 'url-basic-auth', where: 'value', sample: ['git', 'push', `https://x-access-token:${basic2}@github.com/acme/app.git`, 'HEAD:main'], secret: basic2, positive: true });
  return out;
}

function lookAlikes(r: Random): LabelledItem[] {
  const neg = (kind: string, sample: unknown): LabelledItem => ({ kind, where: 'value', sample, secret: null, positive: false });
  const out: LabelledItem[] = [];
  for (let i = 0; i < 4; i++) {
    const u = r.uuid();
    out.push(neg('uuid', r.pick<unknown>([u, u.toUpperCase(), { requestId: u }, `/api/v1/orders/${u}/items`, { correlationId: u, traceId: r.str(32, HEX) }])));
  }
  for (let i = 0; i < 4; i++) {
    out.push(neg('hash-hex', r.pick<unknown>([{ md5: r.str(32, HEX) }, { sha1: r.str(40, HEX) }, { checksum: `sha256:${r.str(64, HEX)}` }, { digest: r.str(128, HEX) }, `ETag: "${r.str(32, HEX)}"`])));
  }
  for (let i = 0; i < 3; i++) {
    const sha = r.str(40, HEX);
    out.push(neg('git-sha', r.pick<unknown>([{ commit: sha, short: sha.slice(0, 7) }, `Merge ${sha.slice(0, 12)} into main`, `https://github.com/acme/app/commit/${sha}`, ['git', 'checkout', sha]])));
  }
  for (let i = 0; i < 4; i++) {
    const data = r.bytes(r.int(24, 120)).toString('base64');
    out.push(neg('encoded-data', r.pick<unknown>([{ data }, { payload: data, encoding: 'base64' }, `data:application/octet-stream;base64,${data}`, { body: data }, { nonce: r.bytes(12).toString('base64'), iv: r.bytes(16).toString('hex') }])));
  }
  out.push(neg('object-id', { _id: r.str(24, HEX), ulid: `01${r.str(24, '0123456789ABCDEFGHJKMNPQRSTVWXYZ')}`, nanoid: r.mixed(21, B64URL) }));
  out.push(neg('object-id', { ksuid: r.mixed(27), cuid: `c${r.str(24, LOWER + DIGITS)}` }));
  out.push(neg('stripe-object-id', { customer: `cus_${r.mixed(14)}`, payment_intent: `pi_${r.mixed(24)}`, invoice: `in_${r.mixed(24)}`, subscription: `sub_${r.mixed(24)}` }));
  // snowflakes (Discord, Twitter/X): milliseconds since 2010/2015 shifted left 22 bits, 19 digits starting with 1 today
  const snowflake = (): string => `1${r.int(0, 8)}${r.str(17, DIGITS)}`;
  out.push(neg('snowflake-id', { id: snowflake(), guild: snowflake() }));
  out.push(neg('snowflake-id', { tweetId: snowflake(), in_reply_to: Number(snowflake().slice(0, 16)) }));
  out.push(neg('version-date', r.pick<unknown>([{ version: `${r.int(0, 20)}.${r.int(0, 40)}.${r.int(0, 99)}`, node: 'v22.11.0' }, `v${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 30)}-rc.${r.int(1, 5)}+build.${r.int(100, 9999)}`])));
  out.push(neg('version-date', { createdAt: new Date(r.int(1_600_000_000, 1_760_000_000) * 1000).toISOString(), date: 'Tue, 03 Jun 2025 10:22:33 GMT' }));
  out.push(neg('version-date', { image: `node:22.11.0-alpine3.20@sha256:${r.str(64, HEX)}`, tag: '2024.06.01-1' }));
  for (let i = 0; i < 5; i++) {
    // a card prefix and length whose Luhn digit is wrong
    const card = cardNumber(r);
    const wrong = card.slice(0, -1) + String((Number(card.at(-1)) + r.int(1, 9)) % 10);
    out.push(neg('luhn-invalid-number', r.pick<unknown>([wrong, { orderNumber: wrong }, { amount: Number(wrong) }, `Order ${groupCard(wrong, '-')} shipped`])));
  }
  out.push(neg('luhn-invalid-number', { ts_us: Date.now() * 1000 + r.int(0, 999), ts_ms: 1_718_900_000_123 }));
  for (let i = 0; i < 3; i++) {
    // ISBN-13 (978/979 prefix, mod-10 weights 1 and 3), also hyphenated
    const stem = r.pick(['978', '979']) + r.str(9, DIGITS);
    let sum = 0;
    for (let k = 0; k < 12; k++) sum += (stem.charCodeAt(k) - 48) * (k % 2 === 0 ? 1 : 3);
    const isbn = stem + ((10 - (sum % 10)) % 10);
    out.push(neg('isbn', r.pick<unknown>([{ isbn }, `ISBN ${isbn.slice(0, 3)}-${isbn.slice(3, 4)}-${isbn.slice(4, 7)}-${isbn.slice(7, 12)}-${isbn.slice(12)}`, { isbn10: `0-${r.str(3, DIGITS)}-${r.str(5, DIGITS)}-X`, isbn13: isbn }])));
  }
  for (let i = 0; i < 4; i++) {
    out.push(neg('phone-number', r.pick<unknown>([
      { phone: `+1 (${r.int(201, 989)}) ${r.int(200, 999)}-${r.str(4, DIGITS)}` }, { phone: `+44 20 ${r.str(4, DIGITS)} ${r.str(4, DIGITS)}` },
      { mobile: `+49 151 ${r.str(8, DIGITS)}` }, `Call us at ${r.int(201, 989)}-${r.int(200, 999)}-${r.str(4, DIGITS)}`, { tel: `+1${r.int(201, 989)}${r.str(7, DIGITS)}` },
      { phone: `0${r.int(6, 7)} ${r.str(2, DIGITS)} ${r.str(2, DIGITS)} ${r.str(2, DIGITS)} ${r.str(2, DIGITS)}` },
    ])));
  }
  out.push(neg('timestamp', { at: r.int(1_600_000_000, 1_760_000_000), atMs: r.int(1_600_000_000, 1_760_000_000) * 1000 + r.int(0, 999) }));
  out.push(neg('timestamp', `2025-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(10, 28))}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.str(6, DIGITS)}Z`));
  out.push(neg('benign-key', { usage: { tokenCount: r.int(1, 9000), promptTokens: r.int(1, 4000), completion_tokens: r.int(1, 4000), total_tokens: r.int(1, 9000) } }));
  out.push(neg('benign-key', { passwordPolicy: { minLength: 12, requireDigit: true }, passwordMinLength: 12, passwordExpiryDays: 90 }));
  out.push(neg('benign-key', { secretName: 'prod/db/credentials', secretArn: `arn:aws:secretsmanager:eu-west-1:${r.digits(12)}:secret:prod/db-${r.mixed(6)}` }));
  out.push(neg('benign-key', { tokenUrl: 'https://oauth2.example.com/token', tokenType: 'Bearer', token_type: 'bearer', tokenExpiresAt: '2025-06-01T00:00:00Z' }));
  out.push(neg('benign-key', { keyId: r.uuid(), keyName: 'deploy', keyPath: '/etc/keys/deploy.pem', sshKeyFingerprint: `SHA256:${r.mixed(43, B64.replace('/', ''))}` }));
  out.push(neg('benign-key', { author: 'Ann', authorEmail: 'ann@example.com', keyboardLayout: 'qwerty', sidebarOpen: true, pinned: false, tokenizer: 'cl100k_base' }));
  out.push(neg('benign-key', { hasPassword: true, passwordSet: true, mfaEnabled: false, secretCount: 3, apiKeyCount: 2, tokenLimit: 4096 }));
  out.push(neg('benign-key', { cacheKey: `user:${r.int(1, 99999)}:profile`, key: 'ArrowUp', primaryKey: 'id', keyPrefix: 'bull', sortKey: 'createdAt' }));
  out.push(neg('public-key', `ssh-ed25519 ${'AAAAC3NzaC1lZDI1NTE5AAAAI' + r.bytes(32).toString('base64').slice(0, 43)} deploy@ci`));
  out.push(neg('public-key', `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${r.bytes(256).toString('base64')} ann@laptop`));
  out.push(neg('public-key', `-----BEGIN PUBLIC KEY-----\n${keyBody(r, 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 6).join('\n')}\n-----END PUBLIC KEY-----\n`));
  out.push(neg('public-key', `-----BEGIN CERTIFICATE-----\n${keyBody(r, 'MIIDdzCCAl+gAwIBAgIE', 10).join('\n')}\n-----END CERTIFICATE-----\n`));
  out.push(neg('public-key', `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${keyBody(r, 'mQINBGR', 8).join('\n')}\n-----END PGP PUBLIC KEY BLOCK-----\n`));
  out.push(neg('public-key', { kty: 'RSA', n: r.bytes(256).toString('base64url'), e: 'AQAB', kid: r.str(8, HEX), use: 'sig' }));
  out.push(neg('public-key', { kty: 'EC', crv: 'P-256', x: r.bytes(32).toString('base64url'), y: r.bytes(32).toString('base64url') }));
  out.push(neg('public-identifier', { publishableKey: `pk_live_${r.mixed(99)}`, accountId: r.digits(12), clientId: `${r.digits(12)}-${r.str(32, LOWER + DIGITS)}.apps.googleusercontent.com` }));
  out.push(neg('public-identifier', { dsn: `https://${r.str(32, HEX)}@o${r.digits(6)}.ingest.sentry.io/${r.digits(7)}`, measurementId: `G-${r.str(10, UPPER + DIGITS)}` }));
  out.push(neg('file-path', r.pick<unknown>([{ keyFile: '/home/deploy/.ssh/id_ed25519', certFile: '/etc/ssl/certs/server.crt' }, 'C:\\Users\\ann\\AppData\\Roaming\\npm\\node_modules\\tokenizer\\index.js'])));
  out.push(neg('file-path', { secretsDir: '/run/secrets', passwordFile: '/run/secrets/db_password', tokenPath: './config/token.json' }));
  out.push(neg('file-path', `/var/lib/app/uploads/${r.uuid()}/${r.str(40, HEX)}.png`));
  out.push(neg('css-colour', { color: `#${r.str(6, HEX)}`, background: `#${r.str(3, HEX).toUpperCase()}`, border: `rgba(${r.int(0, 255)}, ${r.int(0, 255)}, ${r.int(0, 255)}, 0.5)` }));
  out.push(neg('css-colour', `.btn-primary{color:#${r.str(6, HEX)};background-color:hsl(${r.int(0, 359)}, 80%, 40%)}`));
  out.push(neg('hashed-name', { className: `css-${r.str(7, LOWER + DIGITS)} e${r.str(7, LOWER + DIGITS)}0`, chunk: `main.${r.str(8, HEX)}.js` }));
  out.push(neg('sri-integrity', { integrity: `sha512-${r.bytes(64).toString('base64')}` }));
  out.push(neg('trace-id', { traceparent: `00-${r.str(32, HEX)}-${r.str(16, HEX)}-01`, 'x-amzn-trace-id': `Root=1-${r.str(8, HEX)}-${r.str(24, HEX)}` }));
  out.push(neg('ssn-invalid', `Form code ${r.pick(['000', '666', String(r.int(900, 999))])}-${r.str(2, DIGITS)}-${r.str(4, DIGITS)}`));
  out.push(neg('ssn-invalid', { zip: `${r.str(5, DIGITS)}-${r.str(4, DIGITS)}`, sku: `${r.str(3, DIGITS)}-${r.str(2, DIGITS)}-${r.str(5, DIGITS)}` }));
  for (let i = 0; i < 3; i++) {
    const bad = iban(r, false);
    out.push(neg('iban-bad-checksum', r.pick<unknown>([`Reference ${bad.match(/.{1,4}/g)!.join(' ')} not recognised`, { reference: bad }, { ref: bad.toLowerCase() }])));
  }
  out.push(neg('placeholder', r.pick<unknown>([{ password: '********' }, 'Authorization: Bearer <token>', { apiKey: '${API_KEY}' }, `DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DB`])));
  out.push(neg('placeholder', { token: '{{ secrets.DEPLOY_TOKEN }}', secret: 'process.env.JWT_SECRET' }));
  out.push(neg('prose', r.pick(['Please enter your password to continue.', 'Your API key was rotated; update your client.', 'The session token expired, sign in again.', 'Password must contain at least one digit.'])));
  out.push(neg('prose', { error: 'invalid_client', error_description: 'Client authentication failed (unknown client, no client authentication included).' }));
  out.push(neg('plain-url', r.pick<unknown>([{ href: 'https://github.com/acme/web/blob/main/src/auth/token.ts' }, { DATABASE_URL: 'postgres://db.internal:5432/app' }, 'git@github.com:acme/api.git', { REDIS_URL: 'redis://cache:6379/1' }])));
  out.push(neg('plain-url', `https://user@example.com/path?page=${r.int(1, 9)}&sort=desc`));
  // ids in lower case whose shape an IBAN's starts with (two letters, two digits): cloud resources, pods, cuid2
  out.push(neg('resource-id', { instance: `i-0${r.str(16, HEX)}`, sg: `sg-0${r.str(16, HEX)}`, pod: `web-${r.str(10, 'bcdfghjklmnpqrstvwxz2456789')}-${r.str(5, 'bcdfghjklmnpqrstvwxz2456789')}`, container: r.str(12, HEX) }));
  out.push(neg('resource-id', { id: `${r.pick(['de', 'at', 'fr', 'nl', 'be', 'es'])}${r.int(10, 99)}${r.str(r.int(14, 26), LOWER + DIGITS)}` }));
  out.push(neg('resource-id', [`${r.pick(['gb', 'ie', 'ch'])}${r.int(10, 99)}-${r.str(4, LOWER)}-${r.str(4, DIGITS)}`, `eu-west-1:${r.uuid()}`, `projects/acme-${r.int(100, 999)}/locations/eu`]));
  // words of other languages that are not passwords, and names that describe a phrase or a code
  out.push(neg('benign-key', { parola: 'ciao', wort: 'Haus', kennwortRichtlinie: 'stark', hasloWymagane: true, mnemonicLength: 12, recoveryCodesRemaining: 8 }));
  out.push(neg('benign-key', `mnemonicWords: 24\nseedPhraseLanguage: english\n`));
  // what CJK names say about a secret (its strength, a hint, a length, a policy, a count), public keys, table keys
  out.push(neg('benign-key', r.pick<unknown>([
    { 密码强度: '强', 密码提示: '宠物的名字', 密码长度: 12, 密码策略: { 最小长度: 8 }, 密码错误次数: r.int(0, 5) },
    { パスワードのヒント: 'ペットの名前', パスワード強度: '強い', トークン数: r.int(1, 9000), パスワード変更日: '2025-06-01' },
    { '비밀번호 힌트': '첫 애완동물', 비밀번호길이: 12, '토큰 수': r.int(1, 9000), 전화번호: `010-${r.str(4, DIGITS)}-${r.str(4, DIGITS)}` },
    { 公钥: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.bytes(32).toString('base64').slice(0, 43)} deploy@ci`, 主键: 'id', 令牌数量: r.int(1, 4000) },
  ])));
  out.push(neg('benign-key', r.pick([`密码强度: 强\n密码提示: 宠物的名字\n`, `パスワードのヒント=ペットの名前`, `비밀번호 힌트: 첫 애완동물`, `密钥长度=2048`])));
  out.push(neg('code-text', r.pick([
    'const password = req.body.password;', 'password: z.string().min(8).max(128),', 'interface Creds { apiKey: string; token?: string }',
    'def login(username, password):', 'SELECT id FROM sessions WHERE token = $1 AND expires_at > now()', "if (!secret) throw new Error('JWT_SECRET is not set');",
  ])));
  out.push(neg('prose', r.pick([
    `User alice changed password at ${new Date(r.int(1_600_000_000, 1_760_000_000) * 1000).toISOString()}`, `Refreshing access token for client ${r.int(1000, 99999)}`,
    'Passwordless sign-in link sent to ann@example.com', `Token refresh failed after ${r.int(2, 5)} attempts; retrying in 30s`,
  ])));
  out.push(neg('placeholder', r.pick<unknown>(['API_KEY=your-api-key-here', { token: 'insert-token-here' }, 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx', { password: '${DB_PASSWORD}' }])));
  out.push(neg('plain-url', r.pick<unknown>(['https://api.github.com/repos/acme/web/hooks/123456789', 'https://example.com/hooks/deploy', `https://discord.com/channels/${snowflake()}/${snowflake()}`])));
  out.push(neg('code-text', { pattern: '^(?=.*\\d)(?=.*[a-z]).{8,}$', sql: 'UPDATE users SET password_hash = $1 WHERE id = $2' }));
  return out;
}

/** The whole set for one seed: positives of every kind, then look-alikes. */
export function generateHeldOutSet(seed: number): LabelledItem[] {
  const r = new Random(seed);
  const items: LabelledItem[] = [];
  for (const t of providerTokens(r)) {
    for (const p of tokenPlacements(r, t)) items.push({ kind: t.kind, where: p.where, sample: p.sample, secret: t.value, positive: true });
  }
  for (const c of connectionStrings(r)) items.push({ kind: c.kind, where: 'value', sample: c.sample, secret: c.secret, positive: true });
  items.push(...keyedSecrets(r), ...headerSecrets(r), ...webhookUrls(r), ...registrySecrets(r), ...keyMaterial(r), ...piiSecrets(r), ...textSecrets(r));
  items.push(...lookAlikes(r));
  return items;
}

// In arrays the name of a value is its neighbour: `[name, value]` pairs (Object.entries, fetch header
// lists, Map entries, FormData), Node's flat `rawHeaders`, and argv (`--password X`, `-p X`,
// `-pX`, `-u user:pass`). This module says, for each element of an array, the name that governs it.

import type { KeyClass, KeyClassifier } from './key-names.js';

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
/** A field name in another script (`['hasło', x]`, `['пароль', x]`): a pair's name, never a header's. */
const FIELD_NAME_ANY_SCRIPT = /^[\p{L}0-9_.-]{1,64}$/u;
const COMMON_HEADERS = new Set([
  'host', 'content-type', 'content-length', 'user-agent', 'accept', 'accept-encoding', 'connection',
  'authorization', 'cookie', 'set-cookie', 'cache-control', 'x-forwarded-for', 'origin', 'referer',
]);
/** Commands whose `-p` is the password (mysql's attached `-pSECRET` too) rather than a port or a path. */
const PASSWORD_P_COMMANDS = /(?:^|\/)(?:mysql\w*|mariadb\w*|sshpass)$/;
/**
 * Container and registry clients take `-p <password>` only in `login` (`docker login -p X`); their other
 * subcommands use `-p` for ports (`docker run -p 8080:80`) or paths.
 */
const LOGIN_P_COMMANDS = /(?:^|\/)(?:docker|podman|nerdctl|helm|skopeo|buildah|oras)$/;
/** A port, a port range or a published-port mapping: `5432`, `8080:80`, `127.0.0.1:8080:80/tcp`, `9000-9010`. */
const PORT_SPEC = /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?\d{1,5}(?:-\d{1,5})?(?::\d{1,5}(?:-\d{1,5})?)?(?:\/(?:tcp|udp|sctp))?$/;
/** OpenLDAP clients take the bind password as `-w <password>`. */
const LDAP_TOOLS = /(?:^|\/)ldap(?:search|add|modify|delete|passwd|whoami|compare|modrdn|exop)$/;
/** `htpasswd -b <file> <user> <password>`: batch mode takes the password as the last argument. */
const HTPASSWD_BATCH = /(?:^|\/)htpasswd$/;
const SINGLE_DASH_LONG = /^-[a-z]{4,}$/;
/** keytool and jarsigner name their password options `-storepass`, `-keypass`, `-srcstorepass`, `-destkeypass`. */
const KEYTOOL_PASS = /^-(?:src|dest|new)?(?:store|key)pass$/;
const USER_FLAGS = new Set(['-u', '-U', '--user', '--username', '-l', '--login']);
/**
 * A list of field names or sign-in methods is not a name/value pair: `['password', 'email']`,
 * `authMethods: ['password', 'webauthn']`.
 */
const FIELD_NAMES = /^(?:username|user|email|login|name|id|phone|mobile|webauthn|passkey|sms|oauth2?|oidc|saml|sso|ldap|kerberos|magic[-_ ]?link|push|biometric|fido2?|u2f|mfa|2fa)$/i;
/** A Twilio Account SID: the 32-hex string beside it is the auth token (`twilio(accountSid, authToken)`). */
const TWILIO_ACCOUNT_SID = /^AC[0-9a-f]{32}$/;
/** An environment variable's NAME (`['DB_PASSWORD', 'STRIPE_KEY']`: a list of the secrets a job needs). */
const ENV_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
/** `zip -P <password>` (and unzip, zipcloak); 7-Zip takes it attached, `-p<password>`. */
const ZIP_TOOLS = /(?:^|\/)(?:zip|unzip|zipcloak|funzip)$/;
const SEVEN_ZIP = /(?:^|\/)7z[ar]?$|(?:^|\/)7zz$/;
const HEX_32 = /^[0-9a-f]{32}$/;
/** Samba's clients take `-U user%password`: the part after the first `%` is the password. */
const SAMBA_TOOLS = /(?:^|\/)(?:smbclient|smbcacls|smbget|smbtree|rpcclient)$/;

export interface ElementContext {
  /** Class governing element i (index into the array); 'none' for most. */
  classes: KeyClass[] | null;
  /** Elements (by index) whose text is `-p<secret>` or `user:<secret>`: the part after `cut` is the secret. */
  cuts: Map<number, number> | null;
}

const NO_CONTEXT: ElementContext = { classes: null, cuts: null };

export function arrayContext(items: readonly unknown[], keys: KeyClassifier): ElementContext {
  const n = items.length;
  if (n < 2 || typeof items[0] !== 'string') return NO_CONTEXT;
  if (n === 2) return pairContext(items[0], items[1], keys);
  if (isRawHeaders(items)) {
    const classes: KeyClass[] = new Array<KeyClass>(n).fill('none');
    for (let i = 0; i + 1 < n; i += 2) classes[i + 1] = keys.classify(items[i] as string);
    return { classes, cuts: null };
  }
  return argvContext(items, keys);
}

function pairContext(name: string, value: unknown, keys: KeyClassifier): ElementContext {
  if (typeof value === 'string' && name.length === 34 && TWILIO_ACCOUNT_SID.test(name) && HEX_32.test(value)) return { classes: ['none', 'secret'], cuts: null };
  // `--password`, `-p` name what follows as `password`, `p` do
  const bare = name.charCodeAt(0) === 45 /* - */ ? name.replace(/^-+/, '') : name;
  if (!HEADER_NAME.test(bare) && !FIELD_NAME_ANY_SCRIPT.test(bare)) return NO_CONTEXT;
  const cls = keys.classify(bare);
  if (cls === 'none') return NO_CONTEXT;
  if (typeof value === 'string' && (FIELD_NAMES.test(value) || ENV_NAME.test(value) || keys.classify(value) !== 'none')) return NO_CONTEXT;
  return { classes: ['none', cls], cuts: null };
}

function hasOptionOrSet(items: readonly unknown[]): boolean {
  for (let i = 0; i < items.length; i++) {
    const arg = items[i];
    if (typeof arg === 'string' && (arg.charCodeAt(0) === 45 /* - */ || arg === 'set')) return true;
  }
  return false;
}

function isRawHeaders(items: readonly unknown[]): boolean {
  if (items.length % 2 !== 0) return false;
  let common = false;
  for (let i = 0; i < items.length; i += 2) {
    const name = items[i];
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) return false;
    if (!common && COMMON_HEADERS.has(name.toLowerCase())) common = true;
  }
  return common;
}

function argvContext(items: readonly unknown[], keys: KeyClassifier): ElementContext {
  // Every rule below starts from an option (`-…`) or a `set`: a list of words or paths has neither,
  // and is settled by one look at each item instead of the command's regular expressions.
  if (!hasOptionOrSet(items)) return NO_CONTEXT;
  let classes: KeyClass[] | null = null;
  let cuts: Map<number, number> | null = null;
  const command = typeof items[0] === 'string' ? items[0] : '';
  const passwordP =
    PASSWORD_P_COMMANDS.test(command) ||
    (LOGIN_P_COMMANDS.test(command) && items.includes('login')) ||
    items.some((a) => typeof a === 'string' && USER_FLAGS.has(a));
  const isMysql = /(?:^|\/)(?:mysql\w*|mariadb\w*)$/.test(command);
  for (let i = 0; i < items.length; i++) {
    const arg = items[i];
    if (arg === 'set' && i + 2 < items.length) {
      // `aws configure set aws_secret_access_key X`, `npm config set //registry/:_authToken X`
      const name = items[i + 1];
      if (typeof name === 'string' && typeof items[i + 2] === 'string' && keys.classify(name) === 'secret') {
        classes ??= new Array<KeyClass>(items.length).fill('none');
        classes[i + 2] = 'secret';
      }
      continue;
    }
    if (typeof arg !== 'string' || arg.charCodeAt(0) !== 45 /* - */) continue;
    const next = items[i + 1];
    let cls: KeyClass = 'none';
    if (arg.startsWith('--') && !arg.includes('=')) cls = keys.classify(arg.slice(2));
    else if (SINGLE_DASH_LONG.test(arg)) {
      // Java-style single-dash options: keytool's `-storepass X`, `-srckeypass X`; `-password X`
      cls = KEYTOOL_PASS.test(arg) ? 'secret' : keys.classify(arg.slice(1));
    }
    else if ((arg === '-p' && passwordP) || (arg === '-a' && /redis-cli$/.test(command)) || (arg === '-w' && LDAP_TOOLS.test(command)) || (arg === '-P' && ZIP_TOOLS.test(command))) {
      if (typeof next === 'string' && !PORT_SPEC.test(next)) cls = 'secret';
    } else if ((isMysql || passwordP || SEVEN_ZIP.test(command)) && /^-p.+/.test(arg) && !/^-p(?:\d+|[A-Za-z]{1,3})$/.test(arg)) {
      // `-pSECRET` (mysql and friends); not `-p2222` (a port) nor `-pv` (bundled short flags)
      (cuts ??= new Map()).set(i, 2);
    }
    if ((arg === '-U' || arg === '--user') && typeof next === 'string' && /^[^%\s]+%.+/.test(next) && SAMBA_TOOLS.test(command)) {
      (cuts ??= new Map()).set(i + 1, next.indexOf('%') + 1);
    }
    if ((arg === '-u' || arg === '--user') && typeof next === 'string' && /^[^:\s]*:.+/.test(next) && /curl$/.test(command)) {
      (cuts ??= new Map()).set(i + 1, next.indexOf(':') + 1);
    }
    if (cls !== 'none' && typeof next === 'string' && !/^--?[A-Za-z][A-Za-z-]*$/.test(next)) {
      classes ??= new Array<KeyClass>(items.length).fill('none');
      classes[i + 1] = cls;
    }
  }
  if (HTPASSWD_BATCH.test(command) && items.some((a) => typeof a === 'string' && /^-[a-zA-Z]*b/.test(a))) {
    const last = items.length - 1;
    if (typeof items[last] === 'string' && !(items[last] as string).startsWith('-')) {
      classes ??= new Array<KeyClass>(items.length).fill('none');
      classes[last] = 'secret';
    }
  }
  return classes || cuts ? { classes, cuts } : NO_CONTEXT;
}

/**
 * Lists whose string items are wallet private keys when they have a private key's shape: Hardhat and
 * Truffle `networks.<name>.accounts`, ethers `signers`, `wallets`. An address (40 hex digits) stays.
 */
const KEY_LIST_NAME = /^(?:accounts|signers|wallets)$/i;
const WALLET_PRIVATE_KEY = /^(?:0x)?[0-9a-fA-F]{64}$/;

export function isKeyListName(name: string | null): boolean {
  return name !== null && name.length <= 8 && KEY_LIST_NAME.test(name);
}

/** The class of an item of a key list: a secret when it is a private key's 64 hex digits. */
export function keyListItemClass(v: unknown): KeyClass {
  return typeof v === 'string' && v.length <= 66 && WALLET_PRIVATE_KEY.test(v) ? 'secret' : 'none';
}

// Decides from a name alone (an object key, a header name, an argv flag, a `KEY=` in a string)
// whether the value beside it is a secret. Names are matched by WORDS, never by prefix or suffix:
// `tokenizer`, `author`, `passengers`, `sidebar`, `pinned` share letters with secret words but are
// other words. The LAST word decides: `passwordResetUrl`, `tokenCount`, `secretName`, `privateKeyPath`
// end in a descriptor and describe something about a secret rather than holding one.

import { CJK_RUN, cjkWords } from './cjk-words.js';

/** What the value next to a name is, as far as its name tells. */
export type KeyClass = 'none' | 'secret' | 'authorization' | 'cookie' | 'set-cookie';

/** Words that name a secret on their own (also as the join of the last two or three words). */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'passwrd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode', 'passwort', 'contrasena',
  'contraseña', 'senha', 'motdepasse',
  // the word in other languages programs are written in (German, Dutch, Nordic, Finnish, Polish, Czech and
  // Slovak, Hungarian, Turkish, South Slavic, Estonian, Portuguese, Russian), with and without diacritics
  'kennwort', 'wachtwoord', 'losenord', 'lösenord', 'passord', 'adgangskode', 'salasana', 'haslo', 'hasło', 'heslo',
  'jelszo', 'jelszó', 'sifre', 'şifre', 'lozinka', 'geslo', 'parool', 'palavrapasse', 'пароль',
  'secret', 'apisecret', 'clientsecret', 'appsecret', 'consumersecret', 'webhooksecret', 'sharedsecret',
  'token', 'apitoken', 'accesstoken', 'authtoken', 'refreshtoken', 'idtoken', 'bearertoken',
  'sessiontoken', 'securitytoken', 'privatetoken',
  'apikey', 'privatekey', 'privkey', 'secretkey', 'accesskey', 'signingkey', 'masterkey', 'encryptionkey',
  'credential', 'credentials', 'creds',
  'auth', 'bearer', 'jwt',
  'ssn', 'ssnnumber', 'ssnno', 'socialsecuritynumber', 'socialsecurity', 'cvv', 'cvv2', 'cvc', 'cvc2', 'csc', 'securitycode',
  // the card verification value under the names payment APIs give it (Authorize.Net `cardCode`, CyberSource `cvn`)
  'cardcode', 'cvn', 'cardverification', 'cardverificationcode', 'cardverificationnumber',
  'cardnumber', 'ccnumber', 'creditcard', 'creditcardnumber', 'cardno', 'ccnum', 'cardnum',
  'pin', 'pincode', 'pinnumber', 'wif', 'xprv',
  'mnemonic', 'seedphrase', 'recoveryphrase', 'secretphrase',
  'sessionid', 'sessid', 'sid', 'jsessionid', 'phpsessid', 'aspsessionid', 'connectsid',
  'sess', // cookie names: cookie-session's `express:sess`, GitHub's `_gh_sess`
  'otp', 'totp', 'hotp',
  // one-time codes that sign in in place of a second factor (GitHub's, Google's, Auth0's recovery codes)
  'recoverycode', 'recoverycodes', 'backupcode', 'backupcodes',
]);

/** `<qualifier> key` is a secret (`apiKey`, `ACCOUNT_KEY`, `signing-key`); `key` alone or after other words is not. */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'priv', 'signing', 'sign', 'encryption', 'encrypt', 'decryption',
  'client', 'account', 'subscription', 'master', 'auth', 'app', 'license', 'licence', 'consumer', 'service',
  'shared', 'hmac', 'webhook', 'admin', 'write', 'root', 'ssh', 'gpg', 'pgp', 'storage', 'sas', 'session',
  'jwt', 'age', 'cipher', 'aes', 'rsa', 'wallet', 'mnemonic', 'recovery', 'db', 'database', 'deploy',
  'management', 'personal', 'server', 'integration', 'ingest', 'developer', 'application', 'otp', 'totp', 'mfa',
  'functions', // Azure Functions' `x-functions-key`
  'enc', // `encKey`
]);

/**
 * Words after a secret word that still name the secret itself, not something about it:
 * `SECRET_KEY_BASE`, `passwordConfirm`, `tokenValue`, `password2`.
 */
const VALUE_TAILS = new Set([
  'value', 'val', 'base', 'string', 'str', 'data', 'bytes', 'b64', 'base64', 'hex', 'raw', 'plain',
  'plaintext', 'enc', 'encrypted', 'hash', 'hashed', 'digest', 'confirm', 'confirmation', 'again', 'repeat',
  'repeated', 'retype', 'verify', 'old', 'new', 'current', 'prev', 'previous', 'backup', 'material',
  'seed', 'phrase', // `totp_seed`, `mnemonicPhrase`
  'pem', 'der', // `privateKeyPem`: the key in a named encoding
  'full', // `ssnFull`, `tokenFull`: the whole value, as against its last digits
]);

/** Words that make a key public by design: Stripe's publishable key, Algolia's search-only key. */
const PUBLIC_WORDS = new Set(['public', 'publishable', 'pub']);

/**
 * Plurals that still name secrets only: `apiKeys: [...]` (a rotation list), truffle's `privateKeys`,
 * `passwords`. Not `tokens` (LLM usage counts), `secrets` (lists of secret NAMES in CI configs), nor
 * `sshKeys` (public keys, or their ids in cloud APIs).
 */
const SECRET_PLURALS: ReadonlyMap<string, string> = new Map([['passwords', 'password'], ['passphrases', 'passphrase']]);
const PLURAL_KEY_QUALIFIERS = new Set(['api', 'private', 'priv', 'secret', 'signing', 'encryption', 'access', 'master']);

/**
 * speakeasy's `generateSecret()` result, `{ascii, hex, base32, otpauth_url}`: the TOTP secret in three
 * encodings beside the URL that carries it. These members are the secret only beside an `otpauth_url`.
 */
export const OTP_URL_MEMBER = 'otpauth_url';
export const OTP_SECRET_ENCODINGS: ReadonlySet<string> = new Set(['ascii', 'hex', 'base32', 'base64']);

/** Members of a JSON Web Key that are private key material (RFC 7517/7518), meaningful only with `kty`. */
export const JWK_PRIVATE_MEMBERS: ReadonlySet<string> = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth', 'priv']);

/**
 * Words before `token` that make it a position in a listing or an idempotency marker, not a credential:
 * `nextPageToken` (Google APIs), `NextToken` (AWS), `continuationToken` (S3, Azure), `syncToken`,
 * `resumeToken` (MongoDB change streams), `sequenceToken` (CloudWatch Logs), `skipToken`/`deltaToken`
 * (Microsoft Graph). Programs log these on every paged call; they open nothing on their own.
 */
const CURSOR_WORDS = new Set([
  'next', 'page', 'continuation', 'sync', 'resume', 'pagination', 'paging', 'cursor', 'scroll', 'skip',
  'delta', 'sequence', 'starting', 'idempotency', 'cancellation',
]);

const RUN_TOGETHER_SUFFIX = /^[a-z]{2,}(?:password|passwd|pw|secret|token|apikey|privatekey|secretkey)$/; // `rootpw`

/** Words of the name of a header whose value is `<scheme> <credential>`. */
const AUTHORIZATION_NAMES = new Set(['authorization', 'proxyauthorization', 'xauthorization', 'wwwauthorization']);

/** Values the fetch `credentials` option takes: the option, not a credential. */
const FETCH_CREDENTIALS_MODES = new Set(['include', 'omit', 'same-origin']);

/**
 * Letters of any script with case, so that `Lösenord`, `HASŁO` and `пароль` are words too; a run of
 * Chinese, Japanese or Korean characters, which has no case, is cut into words by cjk-words.ts.
 * Made at the first name with a character beyond ASCII: V8 builds the Unicode sets of its `\p{...}`
 * classes when the expression is created, ~5 M instructions (callgrind) in every traced process's
 * start, where nearly every name is ASCII.
 */
let unicodeWord: RegExp | null = null;

/** unicodeWord for a name of ASCII characters only: the same words (no CJK run; `\p{Lu}` and `\p{Ll}` are A-Z and a-z there). */
const ASCII_WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;
const BEYOND_ASCII = /[^\0-\x7f]/;

function wordPattern(name: string): RegExp {
  if (!BEYOND_ASCII.test(name)) return ASCII_WORD;
  return (unicodeWord ??= new RegExp(`(${CJK_RUN})|\\p{Lu}+(?!\\p{Ll})|\\p{Lu}?\\p{Ll}+|[0-9]+`, 'gu'));
}

/**
 * Splits `secretAccessKey`, `SECRET_ACCESS_KEY`, `x-api-key`, `APIKey`, `db.password`, `--db-password`,
 * `//registry/:_authToken` into lower-case words.
 */
export function splitWords(name: string): string[] {
  const words: string[] = [];
  const word = wordPattern(name);
  let m: RegExpExecArray | null;
  word.lastIndex = 0;
  while ((m = word.exec(name)) !== null) {
    if (m[1] !== undefined) words.push(...cjkWords(m[1]));
    else words.push(m[0].toLowerCase());
  }
  return words;
}


function classifyWords(words: readonly string[]): KeyClass {
  const n = words.length;
  if (n === 0) return 'none';
  // `secretOrKey` (passport-jwt), `secretOrPublicKey` (jsonwebtoken): either alternative may be what it holds
  const or = words.indexOf('or');
  if (or > 0 && or < n - 1) {
    const either = classifyWords(words.slice(0, or));
    return either !== 'none' ? either : classifyWords(words.slice(or + 1));
  }
  // Helm charts' `existingSecret`, `existingSecretPasswordKey`: the NAME of a Kubernetes Secret to read from
  if (words[0] === 'existing') return 'none';
  const joined = words.join('');
  if (AUTHORIZATION_NAMES.has(joined)) return 'authorization';
  if (joined === 'cookie' || joined === 'cookies' || joined === 'requestcookie') return 'cookie';
  if (joined === 'setcookie') return 'set-cookie';

  // `publicApiKey`, `publishableKey`, Algolia's `searchOnlyApiKey` / `searchApiKey`: handed to browsers on purpose
  if (words[n - 1] === 'key' || words[n - 1] === 'apikey') {
    for (let i = 0; i < n - 1; i++) {
      if (PUBLIC_WORDS.has(words[i]) || (words[i] === 'search' && (words[i + 1] === 'only' || words[i + 1] === 'api'))) return 'none';
    }
  }
  // a secret word that ends in a tail word itself (`seedPhrase`, `recovery_phrase`)
  if (n >= 2 && SECRET_WORDS.has(words[n - 2] + words[n - 1])) return 'secret';
  let end = n - 1;
  while (end > 0 && (VALUE_TAILS.has(words[end]) || /^[0-9]+$/.test(words[end]))) end--;
  const last =
    words[end] === 'keys' && end >= 1 && PLURAL_KEY_QUALIFIERS.has(words[end - 1]) ? 'key' : (SECRET_PLURALS.get(words[end]) ?? words[end]);
  if (last === 'token' && end >= 1 && CURSOR_WORDS.has(words[end - 1])) return 'none';
  if (SECRET_WORDS.has(last)) return 'secret';
  // one run-together word: `PGPASSWORD`, `dbpassword`, `csrftoken`, `appsecret`
  if (end === 0 && n === 1 && RUN_TOGETHER_SUFFIX.test(last)) return 'secret';
  if (last === 'session' && end === n - 1) return 'secret';
  if (end >= 1 && SECRET_WORDS.has(words[end - 1] + last)) return 'secret';
  if (end >= 2 && SECRET_WORDS.has(words[end - 2] + words[end - 1] + last)) return 'secret';
  if (last === 'key' && end >= 1 && KEY_QUALIFIERS.has(words[end - 1])) return 'secret';
  // `sessionKey`, `secretAccessKey`: a qualifier two words before `key` also counts
  if (last === 'key' && end >= 2 && KEY_QUALIFIERS.has(words[end - 2]) && KEY_QUALIFIERS.has(words[end - 1])) return 'secret';
  return 'none';
}

export interface KeyClassifier {
  /** The class of a name; cached per distinct name. */
  classify(name: string): KeyClass;
  /** True when a value under this name is a harmless setting rather than a secret (`credentials: 'include'`). */
  isHarmlessValue(name: string, value: string): boolean;
}

const CACHE_LIMIT = 4096;

export function createKeyClassifier(allowKeys: readonly string[] = []): KeyClassifier {
  const allowed = new Set(allowKeys.map((k) => k.toLowerCase()));
  const cache = new Map<string, KeyClass>();
  return {
    classify(name: string): KeyClass {
      let cls = cache.get(name);
      if (cls !== undefined) return cls;
      cls = name.length > 80 || allowed.has(name.toLowerCase()) ? 'none' : classifyWords(splitWords(name));
      // A program that uses unbounded distinct keys must not make the cache grow without end.
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(name, cls);
      return cls;
    },
    isHarmlessValue(name: string, value: string): boolean {
      if (FETCH_CREDENTIALS_MODES.has(value) && /credentials$/i.test(name)) return true;
      // a validation result or a status (`{errors: {password: 'Required'}}`, `{token: 'expired'}`), not the secret
      if (value.length <= 12 && SECRET_STATES.test(value)) return true;
      // a validation message for people: a capitalised sentence with a verb of requirement
      if (value.length <= 120 && value.includes(' ') && VALIDATION_SENTENCE.test(value) && REQUIREMENT_WORDS.test(value)) return true;
      // `auth: 'jwt'`, `otp: 'sms'`: names that hold a mode as often as a credential; one short word is the mode
      if (value.length <= 12 && name.length <= 4 && MODE_OR_CREDENTIAL_NAMES.test(name) && /^[a-z]{2,12}$/i.test(value)) return true;
      // A label naming the field (`{'login.password': 'Password'}`, `{forgotPassword: 'Forgot password?'}`).
      const squashed = value.length <= 40 ? value.toLowerCase().replace(/[^a-z]/g, '') : '';
      if (squashed.length >= 3 && endsWithWords(name, squashed)) return true;
      // A sentence for people (an error message under `invalidPassword`), not a passphrase.
      if (/^[A-Z][^\s]*(?:\s+\S+){3,}[.!?]$/.test(value)) return true;
      // `PWD` / `OLDPWD` in an environment are directories; a `session` value is an id only when it looks like one
      if (/pwd$/i.test(name) && /^(?:\/|~(?:\/|$|[a-z_][\w-]*(?:\/|$))|[A-Za-z]:\\)/.test(value)) return true;
      if (/session$/i.test(name) && (value.length < 16 || !/[0-9]/.test(value))) return true;
      // Namespaced message keys (`errors.password.tooShort`) hold sentences for people, not secrets.
      return /[.:]/.test(name) && /\s\S+\s/.test(value) && !/[=@]/.test(value);
    },
  };
}

/** Words that say what state a secret is in (validation results, status lines), not what it is. */
export const SECRET_STATES =
  /^(?:expired|invalid|missing|required|revoked|rejected|denied|empty|present|absent|unset|provided|supplied|incorrect|wrong|valid|ok|mismatch|changed|reset|yes|no|rotated|refreshed|generated|created|updated|deleted|stored|saved|cleared|accepted|verified|configured|enabled|disabled|pending|active|inactive|unknown|weak|strong)$/i;
/** `Password must be at least 8 characters`, `Token is invalid`: three or more words, no digits glued to letters. */
const VALIDATION_SENTENCE = /^[A-Z][a-z]+(?: [A-Za-z0-9'(),-]+){2,}[.!]?$/;
const REQUIREMENT_WORDS = /\b(?:must|should|is|are|be|cannot|can't|does|do|not|required|invalid|least|too|match|contain)\b/;
/** Names whose value is a mode (`auth: 'jwt'`, `otp: 'sms'`) about as often as a credential. */
const MODE_OR_CREDENTIAL_NAMES = /^(?:auth|otp|totp|hotp|mfa|2fa)$/i;

/** True when the last words of `name`, run together, are `squashed` (`forgotPassword` and 'forgotpassword'). */
function endsWithWords(name: string, squashed: string): boolean {
  const words = splitWords(name);
  let tail = '';
  for (let i = words.length - 1; i >= 0 && tail.length < squashed.length; i--) tail = words[i] + tail;
  return tail === squashed;
}

/** Query-string and connection-string parameters that are bearer credentials though not named as secrets. */
export const CREDENTIAL_PARAMETERS = new Set([
  'sig', 'signature', 'x-amz-signature', 'x-goog-signature', 'x-amz-security-token', 'code_verifier',
  'hapikey', // HubSpot's legacy API key parameter
]);

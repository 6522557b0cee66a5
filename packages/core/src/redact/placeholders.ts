// Values that stand for a secret without being one: templates, references, masks, and markers we wrote
// ourselves. Every scanner filters these; redacting them would hide useful information and would make
// a second redaction pass change an already redacted value.

const TEMPLATE = /^(?:<[^<>]*>|\$\{\{?[^}]*\}?\}|\{\{[^}]*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|\$\([^)]*\)|\[REDACTED[^\]]*\])$/;
/**
 * A shell, PHP or PowerShell variable that stands for the value: `$DB_PASSWORD`, `$password`, `$dbPass2`,
 * `$SecurePassword`: upper case with underscores, or words in camel case with digits at the end. A
 * password can start with `$` too, and then its letters do not read as words: `$sFcyvv2ZYyM0kYw`.
 */
const VARIABLE = /^\$(?:[A-Z_][A-Z0-9_]*|_?[A-Za-z][a-z0-9_]*(?:[A-Z][a-z]{2,}[a-z0-9_]*)*[0-9]*)$/;
/** What other scrubbers leave behind: Sentry's `[Filtered]`, Rails' `[FILTERED]`, `[MASKED]`, `[hidden]`. */
const SCRUBBED = /^\[(?:filtered|masked|hidden|scrubbed|removed|redacted|secret|sensitive|omitted)\]$/i;
/** A template's upper-case stand-in for the secret itself: `postgresql://USER:PASSWORD@HOST:5432/DB`. */
const SECRET_NAME_STANDIN = /^(?:YOUR_|MY_|DB_)?(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?TOKEN|CLIENT_SECRET)$/;
/** A masked card number: `**** **** **** 4242`, `XXXX1111`, `•••• 4242`, `XXXX-XXXX-XXXX-1111`. */
const MASKED_PAN = /^(?:[*•xX#]{4}[ -]?){1,4}\d{4}$/;
const REFERENCE = /^(?:process\.env|import\.meta\.env|os\.environ|ENV\[|env\.|secrets\.|vault:|ref\+|op:\/\/|arn:aws:secretsmanager)/;
const WORDS = /^(?:null|undefined|none|nil|true|false|redacted|hidden|masked|n\/a|\.\.\.|…|(?:your[-_ ]?|insert[-_ ])\w+(?:[-_]\w+)*(?:[-_ ]here)?|placeholder|replace[-_ ]?(?:me|this)|fill[-_ ]?me[-_ ]?in|set[-_ ]?me|tbd|todo|fixme|string|number|boolean|any|unknown|object|str|int|bool|text|bytes|varchar|secretstr|optional\[str\]|\?|\$\d+|[:@][A-Za-z_]\w*)$/i;

/** printf / str.format / logger directives standing where a value will go: `%s`, `%-10s`, `%(pw)s`, `{}`, `{0}`. */
const FORMAT_DIRECTIVE = /^(?:%(?:\([A-Za-z_]\w*\))?[-+ #0]*\d*(?:\.\d+)?[sdifgexXoOjcvqrp]|\{[A-Za-z0-9_]{0,32}\})$/;
/** A type in a schema or signature (GraphQL `String!`, `[ID!]!`), not a value. */
const SCHEMA_TYPE = /^\[?(?:String|ID|Int|Float|Boolean)!?\]?!?$/;
/**
 * A documented shape with its random part masked or left as a run of one character:
 * `sk_live_xxxxxxxxxxxxxxxx`, `sk_test_****4242`, `ghp_XXXXXXXXXXXX`, `AKIA••••••••`, `sk-...`, `sk-proj-…abcd`.
 */
const MASKED = /^(?:[A-Za-z0-9]{1,12}[_.-]){0,3}(?:x{6,}|X{6,}|\*{4,}|•{4,}|#{6,}|\.{6,}|0{8,})[A-Za-z0-9]{0,4}$|^(?:[A-Za-z0-9]{1,12}[_-]){1,3}(?:\.{3,}|…)[A-Za-z0-9]{0,4}$/;

/** What every MASKED value contains; a native search that rules out nearly every real value at once. */
const MASK_RUN = /x{6}|X{6}|\*{4}|•{4}|#{6}|\.{3}|…|0{8}/;

const first0 = (v: string): number => v.charCodeAt(0);

/**
 * A YAML tag that stands for the value: Ansible's `!vault |` (the encrypted block follows), CloudFormation's
 * `!Ref DbPassword` / `!Sub` / `!GetAtt`, Home Assistant's `!secret db_password`, `!env_var`.
 */
const AWS_DOC_SAMPLE = /^[A-Za-z0-9/+]{9,}EXAMPLE(?:KEY)?$/;
const YAML_TAG = /^!(?:vault|Ref|Sub|GetAtt|ImportValue|FindInMap|Join|Select|Split|Base64|If|Cidr|GetAZs|Transform|secret|env_var|env|include|encrypted)$/;

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  if (v.length === 0) return true;
  if (v.length < 40 && /^(.)\1*$/.test(v)) return true; // '********', 'xxxxxxxx'
  if (TEMPLATE.test(v) || REFERENCE.test(v) || WORDS.test(v) || v.startsWith('[REDACTED:')) return true;
  if (first0(v) === 36 /* $ */ && VARIABLE.test(v)) return true;
  if (first0(v) === 33 /* ! */ && YAML_TAG.test(v)) return true;
  // AWS documentation's sample credentials all end so (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/…/bPxRfiCYEXAMPLEKEY`)
  if (v.length >= 16 && v.charCodeAt(v.length - 1) <= 90 && AWS_DOC_SAMPLE.test(v)) return true;
  if ((first0(v) === 91 /* [ */ && SCRUBBED.test(v)) || MASKED_PAN.test(v) || SECRET_NAME_STANDIN.test(v)) return true;
  const first = v.charCodeAt(0);
  if ((first === 37 /* % */ || first === 123 /* { */) && FORMAT_DIRECTIVE.test(v)) return true;
  if (v.length <= 12 && SCHEMA_TYPE.test(v)) return true;
  return isMasked(v);
}

/** MASKED's run ends at most 4 characters before the end: one of the last 5 is a mask character. */
const MASK_CHAR = /[xX*•#.…0]/;

/** A documented shape with its random part masked (`sk_live_xxxxxxxx`, `sk_test_****4242`, `sk-...`). */
export function isMasked(v: string): boolean {
  // the tail first: a key block or a long value under a secret name is not searched end to end
  return MASK_CHAR.test(v.slice(-5)) && MASK_RUN.test(v) && MASKED.test(v);
}

const CODE_WORDS = /^(?:await|new|this|self|typeof|yield|function|async|require|import|return|null|undefined|None|nil|process|env|config|settings|options|opts|args|req|request|ctx|params|input)$/;

/** An unquoted value in code text that refers to a secret instead of holding it: `getToken()`, `cfg.db.password`. */
export function isIndirectReference(value: string, nextChar: string): boolean {
  if (nextChar === '(' || CODE_WORDS.test(value)) return true;
  // a PHP or Perl variable read through a subscript or a member: `$_POST['password']`, `$config->db`
  if (value.charCodeAt(0) === 36 /* $ */ && /^\$[A-Za-z_]\w*(?:\[|->)/.test(value + nextChar)) return true;
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value) && !/[0-9]/.test(value);
}

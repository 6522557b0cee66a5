// Per rule family: synthetic positives (the secret must not survive, the rest must) and look-alikes
// (must come back deep-equal). Values are built here, not taken from the shared corpus.
import { describe, expect, it } from 'vitest';
import { githubToken, randomString } from './__fixtures__/test-tokens.js';
import { createRedactor, redact } from './index.js';

const text = (v: unknown): string => JSON.stringify(v);

function expectRedacted(sample: unknown, secret: string, keep: string[] = []): void {
  const out = text(redact(sample));
  expect(out).not.toContain(secret);
  expect(out).toContain('[REDACTED:');
  for (const k of keep) expect(out).toContain(k);
}
function expectUntouched(sample: unknown): void {
  expect(redact(structuredClone(sample))).toEqual(sample);
}

describe('provider tokens', () => {
  const tokens: [string, string][] = [
    ['aws access key id', 'AKIA' + randomString(16, 3, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')],
    ['github classic (CRC32 valid)', githubToken('ghp_')],
    ['github oauth', githubToken('gho_', 5)],
    ['npm (CRC32 valid)', githubToken('npm_', 9)],
    ['github fine-grained', `github_pat_${randomString(22, 4)}_${randomString(59, 5)}`],
    ['gitlab', `glpat-${randomString(20, 6)}`],
    ['slack bot', `xoxb-1234567890-1234567890123-${randomString(24, 8)}`],
    ['stripe live', `sk_live_${randomString(40, 9)}`],
    ['stripe test', `sk_test_${randomString(40, 10)}`],
    ['openai project', `sk-proj-${randomString(40, 11)}T3BlbkFJ${randomString(40, 12)}`],
    ['anthropic', `sk-ant-api03-${randomString(90, 13)}AA`],
    ['google api key', `AIza${randomString(35, 14)}`],
    ['sendgrid', `SG.${randomString(22, 15)}.${randomString(43, 16)}`],
    ['age', `AGE-SECRET-KEY-1${randomString(58, 17, 'ACDEFGHJKLMNPQRSTUVWXYZ023456789')}`],
    ['digitalocean', `dop_v1_${randomString(64, 18, '0123456789abcdef')}`],
    ['telegram', `123456789:AA${randomString(33, 19)}`],
  ];
  it.each(tokens)('%s is redacted alone, in text, in a URL path and in an object', (_kind, token) => {
    expectRedacted(token, token);
    expectRedacted(`using ${token} for the deploy`, token, ['using ', ' for the deploy']);
    expectRedacted({ note: `x ${token}` }, token, ['note']);
  });
  it('a GitHub-shaped token with a wrong checksum is a look-alike', () => {
    const t = githubToken('ghp_');
    expectUntouched(t.slice(0, -6) + 'AAAAAA');
  });
  it('publishable and public identifiers stay', () => {
    expectUntouched(`pk_live_${randomString(40, 21)}`);
    expectUntouched({ clientId: 'Iv1.40d5e0c401935ff5', dsn: 'https://0123456789abcdef0123456789abcdef@o12345.ingest.sentry.io/42' });
    expectUntouched('AKIAIOSFODNN7EXAMPLE');
  });
  it('a JWT needs a header that decodes with alg; a one-segment base64 cursor stays', () => {
    const header = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url');
    const jwt = `${header}.${Buffer.from('{"sub":"42","iat":1700000000}').toString('base64url')}.${randomString(43, 22)}`;
    expectRedacted({ token: jwt }, jwt);
    expectRedacted(`https://app.example.com/cb#state=1&x=${jwt}`, jwt, ['https://app.example.com/cb']);
    expectUntouched({ cursor: Buffer.from('{"page":2,"after":"abc"}').toString('base64url') });
  });
  it('a JWE with an agreed key (`dir`, `ECDH-ES`): five segments, the second empty', () => {
    const header = Buffer.from('{"alg":"dir","enc":"A256GCM"}').toString('base64url');
    const jwe = `${header}..${randomString(16, 24)}.${randomString(80, 25)}.${randomString(22, 26)}`;
    expectRedacted({ session: jwe }, randomString(80, 25));
    expectRedacted(`failed with ${jwe}: 401`, randomString(80, 25), ['failed with ', ': 401']);
    expectUntouched(`${Buffer.from('{"page":2}').toString('base64url')}..${randomString(16, 24)}.${randomString(16, 25)}.${randomString(16, 26)}`);
  });
  it('Mattermost, IFTTT and Webex webhook URLs lose their key', () => {
    const id = randomString(26, 27, 'abcdefghijklmnopqrstuvwxyz0123456789');
    expectRedacted({ url: `https://chat.example.com/hooks/${id}` }, id, ['https://chat.example.com/hooks/']);
    expectRedacted(`https://maker.ifttt.com/trigger/door_open/with/key/${randomString(22, 28)}`, randomString(22, 28), ['/trigger/door_open/with/key/']);
    expectRedacted(`https://webexapis.com/v1/webhooks/incoming/${randomString(60, 29)}`, randomString(60, 29));
    // GitHub's repository hooks have numeric ids; a short path segment is not a Mattermost id
    expectUntouched(['https://api.github.com/repos/acme/web/hooks/123456789', 'https://example.com/hooks/deploy']);
  });
  it('webhook URLs keep the host and lose the token segment', () => {
    const seg = randomString(24, 23);
    expectRedacted(`https://hooks.slack.com/services/T0123ABCD/B0123ABCD/${seg}`, seg, ['hooks.slack.com/services/T0123ABCD']);
  });
});

describe('structural rules', () => {
  const pemBody = Array.from({ length: 6 }, (_, i) => randomString(64, 30 + i, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')).join('\n');
  const middle = pemBody.split('\n')[3];
  it('private key blocks (RSA, PKCS8, OpenSSH, encrypted, unterminated, in JSON text)', () => {
    for (const label of ['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY']) {
      expectRedacted(`-----BEGIN ${label}-----\n${pemBody}\n-----END ${label}-----\n`, middle, [`-----BEGIN ${label}-----`]);
    }
    expectRedacted(`-----BEGIN PRIVATE KEY-----\n${pemBody}`, middle);
    const shortRuns = 'ab+cd/ef+gh/'.repeat(20); // no 16-character run anywhere: still a key body
    expectRedacted(`-----BEGIN OPENSSH PRIVATE KEY-----\n${shortRuns}\n-----END OPENSSH PRIVATE KEY-----`, shortRuns);
    expectRedacted(JSON.stringify({ private_key: `-----BEGIN PRIVATE KEY-----\n${pemBody}\n-----END PRIVATE KEY-----\n` }), middle);
  });
  it('public keys and certificates stay', () => {
    expectUntouched(`-----BEGIN PUBLIC KEY-----\n${pemBody}\n-----END PUBLIC KEY-----\n`);
    expectUntouched(`-----BEGIN CERTIFICATE-----\n${pemBody}\n-----END CERTIFICATE-----\n`);
    expectUntouched(`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomString(43, 40)} deploy@ci`);
  });
  it('URL user-info keeps user and host', () => {
    expectRedacted('postgres://app:S3cr3t-Pw_x@db.internal:5432/orders', 'S3cr3t-Pw_x', ['postgres://app:', '@db.internal:5432/orders']);
    expectRedacted('redis://:Pw0rd12345@cache:6379/0', 'Pw0rd12345', ['@cache:6379/0']);
    expectRedacted('mongodb+srv://svc:p%40ss%3Aword1@cluster0.example.net/db', 'p%40ss%3Aword1');
    expectUntouched({ url: 'postgres://localhost:5432/app', git: 'git@github.com:acme/web.git', redis: 'redis://cache:6379/0' });
  });
  it('Authorization and Cookie keep the scheme and the cookie names', () => {
    expectRedacted({ headers: { Authorization: 'Bearer abcDEF123456ghiJKL' } }, 'abcDEF123456ghiJKL', ['Bearer ']);
    expectRedacted({ headers: { authorization: 'Basic dXNlcjpwYXNzd29yZDE=' } }, 'dXNlcjpwYXNzd29yZDE=', ['Basic ']);
    expectRedacted({ cookie: 'theme=dark; sid=s%3AabcDEF1234567890' }, 's%3AabcDEF1234567890', ['theme=', 'sid=']);
    expectRedacted({ 'set-cookie': ['session=abcDEF1234567890; Path=/; HttpOnly'] }, 'abcDEF1234567890', ['Path=/; HttpOnly']);
    expectRedacted('GET / HTTP/1.1\r\nCookie: JSESSIONID=0123456789ABCDEF0123; lang=en\r\n\r\n', '0123456789ABCDEF0123', ['JSESSIONID=']);
    expectUntouched('curl -H "Authorization: Bearer <token>" https://api.example.com');
    expectUntouched('Bearer authentication is described in RFC 6750.');
  });
  it('KEY=value, key: value and JSON text reuse the key classifier', () => {
    expectRedacted('DB_PASSWORD=hunter2hunter2\nDB_HOST=db', 'hunter2hunter2', ['DB_HOST=db']);
    expectRedacted('Server=sql;User ID=sa;Password=Ku4z&uD^#z;Encrypt=True;', 'Ku4z&uD^#z', ['Encrypt=True']);
    expectRedacted('host=db user=app password=q9Lx0pW2 dbname=app', 'q9Lx0pW2', ['dbname=app']);
    expectRedacted('username=ann&password=Tundra%2186&remember=1', 'Tundra%2186', ['remember=1']);
    expectRedacted('amount=1299&card[exp_month]=12&card[cvc]=987&currency=eur', '987', ['card[cvc]=', 'currency=eur']);
    expectRedacted('{"user":"ann","apiKey":"k3yV4lue0987"}', 'k3yV4lue0987', ['ann']);
    expectRedacted('api_secret: "s3cr3tV4lue"', 's3cr3tV4lue');
    expectRedacted('Your API key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0 (keep it safe)', '9f8e7d6c5b4a39281706f5e4d3c2b1a0', ['Your API key: ']);
    expectUntouched('API key: missing from the request');
    expectUntouched('Primary key: id42abcdef');
    expectRedacted('wss://x.example.com/ws?access_token=AbC123xyz789&v=2', 'AbC123xyz789', ['&v=2']);
    expectRedacted('https://acct.blob.core.windows.net/c?sv=2022-11-02&sig=abc%2Fdef%3D123', 'abc%2Fdef%3D123');
  });
  it('assignments that refer to a secret instead of holding one stay', () => {
    expectUntouched('apiKey: process.env.API_KEY');
    expectUntouched('token: ${{ secrets.NPM_TOKEN }}');
    expectUntouched('password = getPassword()');
    expectUntouched('const password = config.db.password;');
    expectUntouched('tokenCount=1200, maxTokens=4096');
  });
  it('SQL and prose passwords in quotes', () => {
    expectRedacted("CREATE USER 'app'@'%' IDENTIFIED BY 'Cobalt#Falcon25'", 'Cobalt#Falcon25');
    expectRedacted('logging in with password "falcon1096"', 'falcon1096');
    expectRedacted('Connecting as admin with password falcon1096...', 'falcon1096', ['Connecting as admin with password ']);
    expectRedacted('the new password is Hunter2Hunter!', 'Hunter2Hunter');
    expectUntouched('Your password is required and must have 12 characters.');
    expectUntouched('See password policy v2 in docs/password2.md');
    expectUntouched('Please enter your password to continue.');
    expectUntouched('Password must be at least 12 characters.');
  });
});

describe('more text shapes', () => {
  it('command lines, XML bodies, Oracle thin URLs', () => {
    expectRedacted('mongosh --username admin --password Pa55word!x --host db', 'Pa55word!x', ['--host db']);
    expectRedacted('<login><user>ann</user><password>Tundra#86x</password></login>', 'Tundra#86x', ['<user>ann</user>']);
    expectRedacted('jdbc:oracle:thin:scott/Tiger#2024@db:1521:orcl', 'Tiger#2024', ['scott/', '@db:1521']);
    expectRedacted('PGPASSWORD=s3cr3tPw psql -h db', 's3cr3tPw', ['psql -h db']);
    expectRedacted('mysql -h db -u root -pS3cretPw app', 'S3cretPw', ['mysql -h db -u root -p']);
    expectRedacted("docker login -u ci -p 'Dock3rPw!' registry.example.com", 'Dock3rPw!', ['registry.example.com']);
    expectRedacted('redis-cli -h cache -a R3disPw123 ping', 'R3disPw123', ['ping']);
    expectRedacted('curl -u ann:CurlPw1234 https://api.example.com', 'CurlPw1234', ['ann:']);
    expectUntouched('ssh -p 2222 deploy@host && mkdir -p /tmp/x');
    expectRedacted('Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd={p;ss=w0rd};', 'p;ss=w0rd', ['Server=db']);
    expectRedacted('https://maps.example.com/api?key=a1B2c3D4e5F6g7H8i9&q=x', 'a1B2c3D4e5F6g7H8i9', ['&q=x']);
    expectUntouched('https://cache.example.com/get?key=user:42&ttl=60');
  });
  it('code text about secrets is not a secret', () => {
    expectUntouched('interface Login { username: string; password: string; token?: string }');
    expectUntouched('password: z.string().min(12)');
    expectUntouched('const schema = { password: { type: String, required: true } }');
    expectUntouched('UPDATE users SET password_hash = $1 WHERE id = ?');
    expectUntouched({ example: { password: 'string', apiKey: 'string' } });
  });
  it('labels, messages and directories under secret-looking names', () => {
    expectUntouched({ password: 'Password', forgotPassword: 'Forgot password?', invalidPassword: 'The password you entered is incorrect.' });
    expectUntouched({ PWD: '/home/ann/project', OLDPWD: '/home/ann' });
    expectUntouched({ session: 'default' });
    expectRedacted({ laravel_session: 'eyJpdiI6IkFiQzEyMyJ9x9f8e7d6' }, 'eyJpdiI6IkFiQzEyMyJ9x9f8e7d6');
  });
});

describe('PII with validators', () => {
  it('cards: Luhn + issuer, grouped, as numbers', () => {
    expectRedacted({ number: '4111 1111 1111 1111' }, '4111 1111 1111 1111');
    expectRedacted('card 5555-5555-5555-4444 exp 09/27', '5555-5555-5555-4444', ['exp 09/27']);
    expectRedacted({ cardNumber: 4111111111111111 }, '4111111111111111');
    expectUntouched({ guildId: '1344762335078483293', ts_us: 1741237227533404, other: '4111111111111112', zero: '0000000000000000' });
  });
  it('SSN: issued ranges only; undashed only by key or words', () => {
    expectRedacted('SSN 123-45-6789 verified', '123-45-6789');
    expectRedacted({ ssn: '123456789' }, '123456789');
    expectRedacted('social security number: 123456789', '123456789');
    expectUntouched({ code: '666-45-1234', other: '000-12-3456', sku: '123-45-67890', date: '2024-06-15', phone: '+44 20 7946 0958' });
  });
  it('IBAN: mod-97', () => {
    expectRedacted({ iban: 'DE89 3704 0044 0532 0130 00' }, 'DE89 3704 0044 0532 0130 00');
    expectRedacted('pay to GB82WEST12345698765432 today', 'GB82WEST12345698765432', ['pay to', 'today']);
    expectUntouched('Reference GB83 WEST 1234 5698 7654 32 not recognised');
  });
  it('IBAN: lower case as typed into forms, and BBANs without a run of three digits', () => {
    expectRedacted({ iban: 'de89370400440532013000' }, 'de89370400440532013000');
    expectRedacted('IBAN: gb82 west 1234 5698 7654 32', 'gb82 west 1234 5698 7654 32', ['IBAN: ']);
    expectRedacted({ iban: 'RO49 AAAA 1B31 0075 9384 0000' }, 'RO49 AAAA 1B31 0075 9384 0000');
    // mod-97 passes one string in 97: lower case must also have the length of a registered country
    expectUntouched({ id: 'de89370400440532013000x', ref: 'gb83west12345698765432', other: 'zz12345678901234567' });
  });
  it('cards: not a grouped run inside a longer grouped number', () => {
    expectUntouched('Reference CZ69 5219 5052 4034 0632 5201 not recognised');
    expectUntouched('account 1234 4111 1111 1111 1111');
    expectRedacted('VISA 4111 1111 1111 1111 exp 09/27', '4111 1111 1111 1111', ['VISA ', 'exp 09/27']);
    expectRedacted('token=abcd1234 4111 1111 1111 1111', '4111 1111 1111 1111');
    expectUntouched({ accountId: '636941588379', arn: 'arn:aws:secretsmanager:eu-west-1:636941588379:secret:prod/db' });
  });
});

describe('key context', () => {
  it('only string and number leaves are redacted by key; objects are walked', () => {
    expectRedacted({ password: 'Thistle&Tundra86' }, 'Thistle&Tundra86');
    expectRedacted({ pin: 1234 }, '1234');
    expectUntouched({ hasPassword: true, password: null, passwordPolicy: { minLength: 12 }, authorization: { roles: ['admin'] } });
    expectRedacted({ auth: { username: 'svc', password: 'willow-copper-9' } }, 'willow-copper-9', ['svc']);
  });
  it('templates, masks and placeholders under secret keys stay', () => {
    expectUntouched({ password: '********', token: '${TOKEN}', apiKey: '<your-api-key>', secret: '', credentials: 'include' });
    expectUntouched(['API_KEY=your-api-key-here', 'STRIPE_SECRET_KEY=your_stripe_secret_key', { token: 'insert-token-here' }]);
    expectRedacted({ password: 'your password is Hunter22' }, 'Hunter22');
    // a variable stands for the value; a password that starts with `$` is one
    expectUntouched({ password: '$DB_PASSWORD', pass: '$password', pw: '$dbPass2', secret: '$SecurePassword', token: '$_ENV' });
    expectRedacted({ password: '$sFcyvv2ZYyM0kYw' }, '$sFcyvv2ZYyM0kYw');
    expectRedacted('{"user":"app","password":"$Q7x9KpL2mZ4v"}', '$Q7x9KpL2mZ4v');
  });
  it('[name, value] pairs, rawHeaders and Map entries', () => {
    expectRedacted([['content-type', 'text/plain'], ['x-api-key', 'k3y-9876543210']], 'k3y-9876543210', ['text/plain']);
    expectRedacted({ rawHeaders: ['Host', 'api.example.com', 'Authorization', 'Bearer kt3v7mt0JhhQ6uBv'] }, 'kt3v7mt0JhhQ6uBv', ['api.example.com', 'Bearer ']);
    expectUntouched(['password', 'email']);
    expectUntouched(['name', 'Ann', 'Host', 'x']);
  });
  it('argv flags', () => {
    expectRedacted(['node', 'migrate.js', '--db-password', 'Sparrow#991'], 'Sparrow#991', ['--db-password']);
    expectRedacted(['node', 'x.js', '--token=abcdef123456'], 'abcdef123456', ['--token=']);
    expectRedacted(['docker', 'login', '-u', 'ci', '-p', '819Hvt8ccC'], '819Hvt8ccC');
    expectRedacted(['mysql', '-uroot', '-pS3cretPw', 'app'], 'S3cretPw', ['-p']);
    expectRedacted(['curl', '-u', 'ann:Pw12345678', 'https://x'], 'Pw12345678', ['ann:']);
    expectUntouched(['psql', '-U', 'postgres', '-p', '5432']);
    expectUntouched(['mkdir', '-p', '/tmp/x']);
    expectRedacted(['-u', 'root', '-pS3cretPw', '-h', 'db'], 'S3cretPw', ['-u', 'root']);
    expectUntouched(['-u', 'deploy', '-p2222', 'host']);
    expectUntouched(['node', 'x.js', '--password-file', '/run/secrets/db']);
    // snake_case flags inside one command string
    expectRedacted('deploy --smtp_password "ember-orbit-velvet1" --verbose', 'ember-orbit-velvet1', ['--verbose']);
  });
  it('a value member named by a sibling name member (env lists, SSM, CloudFormation, serializeArray)', () => {
    expectRedacted({ env: [{ name: 'NODE_ENV', value: 'production' }, { name: 'DB_PASSWORD', value: 'EnvListPw9' }] }, 'EnvListPw9', ['production']);
    expectRedacted({ Parameter: { Name: '/prod/db/password', Type: 'SecureString', Value: 'SsmPw-2024x', Version: 3 } }, 'SsmPw-2024x', ['SecureString']);
    expectRedacted([{ ParameterKey: 'DBMasterPassword', ParameterValue: 'CfnPw2024x' }], 'CfnPw2024x');
    expectUntouched({ value: 'PlainValue9x', name: 'api_key' }); // the name comes first in every such shape
    expectUntouched({ Tags: [{ Key: 'Name', Value: 'orders-db' }, { Key: 'team', Value: 'payments' }] });
    expectUntouched([{ name: 'token', value: 'Token' }, { name: 'password', value: 'Password' }]);
    expectUntouched({ ParameterKey: 'PasswordLength', ParameterValue: '16' });
  });
  it('password names in other languages, in objects, pairs, argv and text', () => {
    expectRedacted({ Kennwort: 'Thistle&Tundra86' }, 'Thistle&Tundra86');
    expectRedacted(['hasło', 'Copper7870#x'], 'Copper7870#x');
    expectRedacted(['node', 'cli.js', '--şifre=ember-copper-3'], 'ember-copper-3', ['--şifre=']);
    expectRedacted('Lösenord=maple-harbor-copper1', 'maple-harbor-copper1');
    expectRedacted('<пароль>Sparrow2051#</пароль>', 'Sparrow2051#', ['<пароль>']);
    expectUntouched({ parola: 'ciao', wort: 'Haus' });
  });
  it('recovery codes, and a recovery phrase written as unquoted words', () => {
    expectRedacted({ recoveryCodes: ['56mlh-nkkcc', 'b21ry-35sys'] }, '56mlh-nkkcc');
    expectRedacted('mnemonic: drift canyon abandon marble glide lunar velvet pepper raven oyster timber orbit\nnetwork: sepolia', 'canyon abandon marble', ['network: sepolia']);
    expectUntouched('mnemonicWords: 24\nseedPhraseLanguage: english\n');
  });
  it('a password that only starts like a template', () => {
    expectRedacted('haslo: %JPRGD9y9uaq%GH!%', 'JPRGD9y9uaq');
    expectUntouched('password=%DB_PASSWORD%\nuser=%DB_USER%');
  });
  it('private JWK members only with kty', () => {
    expectRedacted({ kty: 'EC', crv: 'P-256', x: 'AAA', y: 'BBB', d: 'privateScalar123' }, 'privateScalar123', ['"x":"AAA"']);
    expectUntouched({ kty: 'EC', crv: 'P-256', x: 'AAA', y: 'BBB' });
    expectUntouched({ d: '2024-01-01', p: 'para' });
  });
});

describe('provider tokens used as object keys', () => {
  it('a token as a key is redacted like a value; the value and the other keys stay', () => {
    const t = githubToken('ghp_');
    const out = redact({ cache: { [t]: { login: 'octocat' }, other: 1 } }) as { cache: Record<string, unknown> };
    expect(JSON.stringify(out)).not.toContain(t);
    expect(out.cache['[REDACTED:github-token]']).toEqual({ login: 'octocat' });
    expect(out.cache.other).toBe(1);
  });
  it('two tokens of one kind as keys do not collide', () => {
    const a = githubToken('ghp_', 3);
    const b = githubToken('ghp_', 4);
    const out = redact({ [a]: 1, [b]: 2 }) as Record<string, unknown>;
    expect(out).toEqual({ '[REDACTED:github-token]': 1, '[REDACTED:github-token] (2)': 2 });
  });
  it('long keys without a secret stay, and the input is untouched', () => {
    const lock = { 'node_modules/@babel/core': { version: '7.24.0' }, 'errors.password.tooShort': 'Too short', 'https://api.example.com/v1': 'ok' };
    expectUntouched(lock);
    const t = githubToken('ghp_', 6);
    const input = { [t]: 1 };
    redact(input);
    expect(Object.keys(input)).toEqual([t]);
  });
});

describe('values JSON cannot hold, and never touching the program', () => {
  const ghp = githubToken('ghp_');
  it('Buffer, Map, Set, Error, class instances', () => {
    const buf = redact(Buffer.from(`password=hunter2hunter2`)) as Buffer;
    expect(Buffer.isBuffer(buf) && buf.toString()).toBe('password=[REDACTED:key-context]');
    const map = redact(new Map<unknown, unknown>([['password', 'x9y8z7w6'], ['a', 1]])) as Map<unknown, unknown>;
    expect(map).toBeInstanceOf(Map);
    expect(map.get('password')).toBe('[REDACTED:key-context]');
    expect([...(redact(new Set([ghp, 'ok'])) as Set<unknown>)]).toEqual(['[REDACTED:github-token]', 'ok']);
    const err = new TypeError(`bad token ${ghp}`);
    const out = redact(err) as TypeError;
    expect(out).toBeInstanceOf(TypeError);
    expect(out.message).toBe('bad token [REDACTED:github-token]');
    expect(out.stack).not.toContain(ghp);
    expect(err.message).toContain(ghp);
    class Login { constructor(public user: string, public password: string) {} }
    const login = redact(new Login('ann', 'pw-1234567')) as Login;
    expect(login).toBeInstanceOf(Login);
    expect(login).toEqual(Object.assign(Object.create(Login.prototype), { user: 'ann', password: '[REDACTED:key-context]' }));
  });
  it('runs no getter and no Proxy trap, cuts cycles, never mutates', () => {
    let ran = false;
    const withGetter = { get password() { ran = true; return 'x'; }, token: 'tok-12345678' };
    const outGetter = redact(withGetter) as Record<string, unknown>;
    expect(ran).toBe(false);
    expect(Object.getOwnPropertyDescriptor(outGetter, 'password')?.get).toBeTypeOf('function');
    const trap = new Proxy({}, { get() { ran = true; return 1; }, ownKeys() { ran = true; return []; }, getPrototypeOf() { ran = true; return null; } });
    expect(redact(trap)).toBe('[REDACTED:proxy]');
    expect(ran).toBe(false);
    const cyclic: Record<string, unknown> = { password: 'abc12345' };
    cyclic.self = cyclic;
    const outCyclic = redact(cyclic) as Record<string, unknown>;
    expect(outCyclic.password).toBe('[REDACTED:key-context]');
    expect(outCyclic.self).toBe('[Circular]');
    expect(cyclic.password).toBe('abc12345');
    const frozen = Object.freeze({ nested: Object.freeze({ apiKey: 'k-12345678' }) });
    expect(text(redact(frozen))).not.toContain('k-12345678');
  });
  it('a copy keeps symbol-keyed and non-enumerable properties', () => {
    const tag = Symbol('tag');
    const o = Object.defineProperty({ [tag]: 1, password: 'pw-12345678' }, 'hidden', { value: 2, enumerable: false });
    const out = redact(o) as Record<string | symbol, unknown>;
    expect(out.password).toBe('[REDACTED:key-context]');
    expect(out[tag]).toBe(1);
    expect(Object.getOwnPropertyDescriptor(out, 'hidden')).toEqual({ value: 2, enumerable: false, writable: false, configurable: false });
  });
  it('unchanged values come back as the same objects (copy-on-write)', () => {
    const v = { a: { b: [1, 2, { c: 'plain text' }] }, d: 'x' };
    expect(redact(v)).toBe(v);
    const w = { keep: { n: 1 }, password: 'pw-0987654' };
    expect((redact(w) as typeof w).keep).toBe(w.keep);
  });
  it('strings of a megabyte and more are scanned whole', () => {
    const big = 'lorem ipsum '.repeat(100_000) + ghp + ' tail';
    const out = redact(big) as string;
    expect(out).not.toContain(ghp);
    expect(out.endsWith('[REDACTED:github-token] tail')).toBe(true);
  });
  it('pathological strings take linear time (no regex backtracking blow-up)', () => {
    const hostile = [
      'a://' + 'b:'.repeat(50_000), 'https://u:' + 'p'.repeat(100_000) + ' @', 'a='.repeat(100_000), 'token:'.repeat(50_000),
      '4111 '.repeat(50_000), 'password "'.repeat(25_000), '-----BEGIN PRIVATE KEY-----\n' + 'A'.repeat(300_000),
      'Bearer '.repeat(50_000), '<password>'.repeat(50_000), '--password '.repeat(50_000), 'mysql '.repeat(50_000) + ' -p',
      'curl '.repeat(50_000) + ' -u', 'x'.repeat(300_000),
    ];
    const t0 = Date.now();
    for (const s of hostile) redact(s);
    expect(Date.now() - t0).toBeLessThan(10_000); // each is a few tens of ms; a quadratic one takes minutes
  });
  it('numbers, booleans, short strings and null pass untouched', () => {
    for (const v of [0, 42, -1.5, true, false, null, undefined, 'ok', 'GET', 10n]) expect(redact(v)).toBe(v);
  });
});

describe('project settings', () => {
  it('user patterns and allow-listed keys', () => {
    const r = createRedactor({ patterns: ['ACME-[0-9]{6}', '/internal-\\w+/i'], allowKeys: ['sessionId'] });
    expect(r.redact('ticket ACME-123456 and INTERNAL-build')).toBe('ticket [REDACTED:custom] and [REDACTED:custom]');
    expect(r.redact({ sessionId: 'abc-123-def' })).toEqual({ sessionId: 'abc-123-def' });
    expect(r.redact({ password: 'still-secret-1' })).toEqual({ password: '[REDACTED:key-context]' });
  });
  it('an invalid pattern names itself and the fix', () => {
    expect(() => createRedactor({ patterns: ['(unclosed'] })).toThrow(/invalid redaction pattern "\(unclosed".*redaction\.patterns/);
  });
});

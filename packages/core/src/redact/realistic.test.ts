// Realistic values of the kinds the labelled corpus covers, written for this project (not taken from
// the corpus): look-alikes a tracer meets every day must come back unchanged, and secrets in the
// shapes programs really hold them must not survive.
import { describe, expect, it } from 'vitest';
import { redact } from './index.js';

const negs: unknown[] = [
  '550e8400-e29b-41d4-a716-446655440000', { requestId: '550e8400-e29b-41d4-a716-446655440000', idempotencyKey: 'f47ac10b-58cc-4372-a567-0e02b2c3d479' },
  { commit: 'e83c5163316f89bfbde7d9ab23ca2e25604af290', tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904' },
  { md5: 'd41d8cd98f00b204e9800998ecf8427e', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', checksum: 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  'integrity sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUR62lzjlrnT8yIOA==',
  { _id: '507f1f77bcf86cd799439011' }, { ulid: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, { nanoid: 'V1StGXR8_Z5jdHi6B-myT' },
  { customer: 'cus_NffrFeUfNV2Hib', paymentIntent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', charge: 'ch_3MmlLrLkdIwHu7ix0snN0B15', event: 'evt_1NG8Du2eZvKYlo2CUI79vXWy', price: 'price_1MoBy5LkdIwHu7ixZhnattbh' },
  { userId: '1096421587125436416', messageId: '1234567890123456789' },
  { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'x-b3-traceid': '80f198ee56343ba864fe8b2a57d3eff7' },
  'Invalid token. Please log in again.', { message: 'Your session has expired, please sign in again' }, 'Reset your password using the link we emailed you.',
  'The API key you provided is invalid.', { error: 'invalid_grant', error_description: 'Bad credentials' },
  'Enter your password: ', 'Authorization: Bearer ${TOKEN}', { token: '{{ .Values.token }}' }, { password: '<password>' }, { apiKey: 'YOUR_API_KEY' },
  'export API_KEY=$API_KEY', { env: 'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}' }, { secret: '%SECRET%' },
  { maxTokens: 1024, temperature: 0.7, stopTokens: ['\n'] }, { passwordMinLength: 12, passwordRequiresSymbol: true }, { tokenType: 'Bearer', expiresIn: 3600, scope: 'read write' },
  { key: 'user:42:profile', ttl: 60 }, { Bucket: 'assets', Key: 'uploads/2024/06/photo.jpg' }, { event: { key: 'ArrowDown', code: 'ArrowDown' } },
  { sortKey: 'createdAt', partitionKey: 'tenant#42' }, { primaryKey: 'id', foreignKey: 'userId' }, { secretId: 'prod/db', secretVersion: 'AWSCURRENT' },
  { passwordUpdatedAt: '2024-05-01T00:00:00Z', lastTokenRefresh: 1717200000000 }, { authMethod: 'oauth', authProvider: 'google' },
  { 'auth.login.title': 'Sign in', 'auth.login.password': 'Password', 'auth.login.forgot': 'Forgot your password?' },
  { csrfField: '_csrf' }, { sessionCookieName: 'sid' }, { cookieOptions: { httpOnly: true, secure: true, sameSite: 'lax' } },
  '4111-1111-1111-1112', { amount: 4242424242424241 }, { ts: 1718900000123456 }, { isbn: '9780306406157' }, { ean: '4006381333931' },
  { phone: '+1 415 555 2671' }, { phone: '(415) 555-2671' }, { zip: '94103-1234' }, '078-05-1120 was a sample card number printed in wallets',
  { iban: 'DE89 3704 0044 0532 0130 01' }, 'Order FR76 3000 6000 0112 3456 7890 188 pending', 
  { avatar: 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGBwkICgoJCAkJCgwPDAoLDgsJCQ0RDQ4PEBAREAoMEhMSEBMPEBAQ/8AACwgAAQABAQERAP/EABQAAQAAAAAAAAAAAAAAAAAAAAn/xAAUEAEAAAAAAAAAAAAAAAAAAAAA' },
  { iv: 'a3f5c2e1b4d6f8a9c0e2d4f6', nonce: 'kJ8dP2mN5qR7sT1vX3yZ', salt: '$2b$10$N9qo8uLOickgx2ZMRZoMye' },
  { cursor: 'eyJpZCI6MTIzNCwiY3JlYXRlZEF0IjoiMjAyNC0wNi0wMSJ9' },
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBGRkQm4BEADGz5cXb0RZq8Fm9hVxNkXe9d3M7rqz5p2zUqJb7sQJ1fWbYh0u\n-----END PGP PUBLIC KEY BLOCK-----',
  { jwk: { kty: 'RSA', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw', e: 'AQAB', kid: '2011-04-29' } },
  { address: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e', btc: 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', sol: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV' },
  { publishableKey: 'pk_live_51H8x2KJ3LkdIwHu7ixZhnattbh0000AAAA', dsn: 'https://examplePublicKey@o0.ingest.sentry.io/0', clientId: '1234567890-abc123def456.apps.googleusercontent.com', measurementId: 'G-ABCDEF1234' },
  { href: 'https://example.com/account/password/reset?email=ann%40example.com' }, 'https://user@example.com/path', { redis: 'redis://localhost:6379' }, { amqp: 'amqp://rabbitmq:5672' },
  'ssh://git@github.com:22/acme/web.git', { mongo: 'mongodb://db1:27017,db2:27017/app?replicaSet=rs0' },
  { version: '1.2.3-beta.4+build.567', released: '2024-06-01', build: '20240601.1' },
  { regex: '(?<password>[^&]+)', sql: 'SELECT id FROM users WHERE password_hash = $1', code: 'const token = await getToken();' },
  { class: 'sc-bdVaJa jIGFOI css-1n7v3ny-Input', testid: 'password-input' },
  'Use --password-stdin to read the password from stdin', ['npm', 'publish', '--access', 'public'], ['git', 'commit', '-m', 'fix token refresh'],
  ['--token-file', '/var/run/secrets/token'], { fields: ['username', 'password', 'email'] }, ['password', 'confirmPassword'],
  'password: ', { password: '' }, { password: null }, { secret: undefined },
  { keyboard: 'qwerty', keyCode: 13, author: { name: 'Ann' }, tokenizer: 'bpe', passage: 'text', passive: true, secretariat: 'x' },
  'x-amz-date: 20240601T000000Z',
  // cursors named like tokens (Google, AWS, S3/Azure, Calendar sync)
  { nextPageToken: 'CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA2MHZkbGFsMjkSAgg8', items: [] },
  { NextToken: 'eyJ2IjoyLCJjIjoiQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVoifQ==', MaxResults: 50 },
  { continuationToken: '1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=', syncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU=' },
  // documentation placeholders and masks in a secret's shape
  { STRIPE_SECRET_KEY: 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx' }, 'Invalid API Key provided: sk_test_************************4242',
  'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:?must be set}',
  // code: a GraphQL schema, a format string, a parser message
  'type User {\n  id: ID!\n  password: String!\n  tokens: [String!]!\n}',
  "logger.debug('connecting host=%s user=%s password=%s', host, user, '***')", { query: 'SELECT 1 FROM users WHERE password = ?' },
  "SyntaxError: Unexpected token 'export'",
  // name/value members whose name is not a secret
  'env:\n  - name: NODE_ENV\n    value: production\n  - name: LOG_LEVEL\n    value: debug\n',
  ['keytool', '-list', '-keystore', 'app.jks', '-alias', 'server'], ['npm', 'config', 'set', 'registry', 'https://registry.npmjs.org/'],
  // a list of sign-in methods, not a [name, value] pair; an ellipsis mask
  { seed: 42, randomSeed: 1337, keyPhrase: 'machine learning', otpLength: 6 }, { authMethods: ['password', 'webauthn'] }, { mfa: ['otp', 'sms'] }, { OPENAI_API_KEY: 'sk-...' }, { key: 'sk-proj-…3f9a' },
  ['ldapsearch', '-x', '-b', 'dc=acme,dc=com', 'uid=ann'], ['htpasswd', '-c', '.htpasswd', 'ann'],
  // `-p` of container tools outside `login` publishes ports; a sentence or a state after `password:` is prose
  ['docker', 'run', '-p', '8080:80', '-d', 'nginx'], ['podman', 'run', '-p', '127.0.0.1:5432:5432/tcp', 'postgres'],
  ['docker', 'run', '--rm', '-p', '9000-9010:9000-9010', 'minio/minio'],
  'ValidationError: password: Path `password` is required.', 'Token: expired', { message: 'password: invalid' },
  { ssh_keys: [40211, 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89'] },
  // modes and validation results under secret names; other scrubbers' markers and masked card numbers
  { route: '/admin', options: { auth: 'jwt' } }, { otp: 'sms' }, { errors: { email: 'Required', password: 'Required' } },
  { password: 'Password must be at least 8 characters' }, { token: 'expired' },
  { password: '[Filtered]' }, { token: '[FILTERED]' }, { cardNumber: '**** **** **** 4242' }, { cardNumber: 'XXXX1111' }, { pan: '•••• 4242' },
  // a list of the NAMES of secrets; a prompt; a secret's name quoted by Kubernetes; MySQL's "(using password: YES)"
  { secrets: ['DB_PASSWORD', 'STRIPE_KEY'] }, 'read -s -p "Password: " DB_PASSWORD', 'Error: secret "db-credentials" not found in namespace "prod"',
  "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
  // a base64 certificate (not a key) in a Kubernetes secret; a token-like run after a percent-escape that is no token
  { data: { 'tls.crt': Buffer.from('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n').toString('base64') } },
  'https://acme.dev/search?q=%22SKU-2024-000123%22&sort=asc',
  // wallet ADDRESSES in an accounts list; a transaction hash elsewhere; a secret-named object without a value member
  { networks: { mainnet: { accounts: ['0x742d35Cc6634C0532925a3b844Bc454e4438f44e'] } } },
  { tx: '0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b', accounts: [{ address: '0x742d35Cc6634C0532925a3b844Bc454e4438f44e' }] },
  { password: { minLength: 12, requireSymbol: true }, token: { type: 'Bearer', expiresIn: 3600 } },
  // colon-separated look-alikes of a .pgpass line; bash's `set -x`; an app id that is a name
  'fe80:0:0:0:0:0:0:1', '12:34:56:78:90', 'aa:bb:cc:dd:ee:ff', 'set -x\necho "$PASSWORD_FILE"', 'https://api.example.com/v1/apps?appid=wx-shop&lang=en',
  // doc templates and placeholders; a function word or a state after a label; keys public by design
  'DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DB', { token: 'REPLACE_ME' }, { apiKey: 'TODO' }, 'password: too short', 'Secret: rotated',
  { algolia: { appId: 'ABC123DEF4', searchOnlyApiKey: 'ea3770d34cdae69ab85a46070a49172c' } }, { NEXT_PUBLIC_API_KEY: 'pub_3f9a8b7c6d5e4f30' },
  // code assigning expressions to header subscripts
  'if (cookies.length > 0) res["set-cookie"] = cookies;', 'else cookie = event.headers ? event.headers["cookie"] : void 0;'.slice(24), 'headers["Authorization"] = `Bearer ${token}`;',
  // encodings without an otpauth_url beside them are data
  { hex: 'ff00aa', base64: 'aGVsbG8=', ascii: 'hello' },
];

const pos: [unknown, string][] = [
  [{ AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY12345' }, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY12345'],
  ['AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD', 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD'],
  [{ sessionToken: 'FwoGZXIvYXdzEBYaDHs9kLmN0pQrStUvWxYz' }, 'FwoGZXIvYXdzEBYaDHs9kLmN0pQrStUvWxYz'],
  [{ headers: { Authorization: 'token ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' } }, 'ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  [{ PGPASSWORD: 'xYz123!abc' }, 'xYz123!abc'],
  [['psql', '-h', 'db', '-U', 'app', '--password', 'Pw9xQ2zL'], 'Pw9xQ2zL'],
  ['openssl pkcs12 -export -passout pass:Hunter2Pass -out x.p12', 'Hunter2Pass'],
  [{ smtp: { host: 'smtp.example.com', auth: { user: 'apikey', pass: 'SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' } } }, 'SG.aaaa'],
  [{ transport: 'smtps://mailer:Gr8Pa55word@smtp.example.com:465' }, 'Gr8Pa55word'],
  [{ auths: { 'registry.example.com': { auth: 'dXNlcjpodW50ZXIyaHVudGVyMg==' } } }, 'dXNlcjpodW50ZXIyaHVudGVyMg=='],
  ['client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB', 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB'],
  [{ Ocp_Apim_Subscription_Key: '0123456789abcdef0123456789abcdef' }, '0123456789abcdef0123456789abcdef'],
  [{ 'Ocp-Apim-Subscription-Key': '0123456789abcdef0123456789abcdef' }, '0123456789abcdef0123456789abcdef'],
  ['otpauth://totp/ACME:ann?secret=JBSWY3DPEHPK3PXP&issuer=ACME', 'JBSWY3DPEHPK3PXP'],
  [{ mfa: { secret: 'JBSWY3DPEHPK3PXP' } }, 'JBSWY3DPEHPK3PXP'],
  [{ wallet: { mnemonic: 'abandon ability able about above absent absorb abstract absurd abuse access accident' } }, 'abandon ability able'],
  [{ seedPhrase: 'legal winner thank year wave sausage worth useful legal winner thank yellow' }, 'legal winner thank'],
  [{ cvc: '123', exp_month: 12 }, '"123"'],
  [{ card: { cvv: 987 } }, '987'],
  [{ card_number: '3782 822463 10005' }, '3782 822463 10005'],
  [{ number: 5105105105105100 }, '5105105105105100'],
  ['SSN: 212-67-4431', '212-67-4431'],
  [{ socialSecurityNumber: '212674431' }, '212674431'],
  [{ account: { iban: 'FR1420041010050500013M02606' } }, 'FR1420041010050500013M02606'],
  ['curl -H "X-API-Key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0" https://api.example.com', '9f8e7d6c5b4a39281706f5e4d3c2b1a0'],
  [['Authorization', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'], 'YWxhZGRpbjpvcGVuc2VzYW1l'],
  [Object.entries({ 'x-api-key': 'abcd1234efgh5678' }), 'abcd1234efgh5678'],
  [{ cookies: { 'connect.sid': 's%3Aabc123def456.ghi789' } }, 's%3Aabc123def456.ghi789'],
  [{ 'set-cookie': 'JSESSIONID=ABCDEF0123456789; Path=/; Secure' }, 'ABCDEF0123456789'],
  ['Set-Cookie: session=eyJhbGciOiJIUzI1NiJ9.eyJ1IjoxfQ.abcDEF123; HttpOnly', 'eyJhbGciOiJIUzI1NiJ9.eyJ1IjoxfQ.abcDEF123'],
  [{ session: { secret: 'keyboard cat', resave: false } }, 'keyboard cat'],
  ['APP_KEY=base64:Jc8y0aV7R2kZ2Cq9dF3H5k7L9n1P3r5T7v9X1z3B5D7=', 'Jc8y0aV7R2kZ2Cq9dF3H5k7L9n1P3r5T7v9X1z3B5D7='],
  [{ NEXTAUTH_SECRET: 'z8X6y4W2v0U8t6S4r2Q0p8O6n4M2l0K8' }, 'z8X6y4W2v0U8t6S4r2Q0p8O6n4M2l0K8'],
  [{ HMAC_KEY: 'a1b2c3d4e5f6a7b8c9d0' }, 'a1b2c3d4e5f6a7b8c9d0'],
  [{ webhookSecret: 'wh_8f7e6d5c4b3a2910' }, 'wh_8f7e6d5c4b3a2910'],
  [{ kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg', alg: 'HS256' }, 'GawgguFyGrWKav7AX4VKUg'],
  [{ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLWY2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lGVkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q', p: 'q' }, 'X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH'],
  [{ privateKey: '5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3' }, '5KQwrPbwdL6PhXujxW37FSSQZ1JiwsST4cqQzDeyXtP79zkvFD3'],
  ['xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi', 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4'],
  ['CREATE ROLE app WITH LOGIN PASSWORD \'Str0ng#Pass\';', 'Str0ng#Pass'],
  ['mysql://root:R00tPw!@localhost:3306/app', 'R00tPw!'],
  ['jdbc:postgresql://db:5432/app?user=app&password=JdbcPw123&ssl=true', 'JdbcPw123'],
  ['Data Source=db;Initial Catalog=app;User Id=sa;Password=Adm1n!Pw;', 'Adm1n!Pw'],
  ['Driver={ODBC Driver 18};Server=db;Uid=sa;Pwd=OdbcPw#1;', 'OdbcPw#1'],
  ['<soap:Envelope><Auth><Username>ann</Username><Password>SoapPw#2024</Password></Auth></soap:Envelope>', 'SoapPw#2024'],
  ['username=ann&password=Form%24Pw1&grant_type=password', 'Form%24Pw1'],
  ['{\\"password\\":\\"EscapedPw1\\"}', 'EscapedPw1'],
  [{ body: '{"client_secret":"cs_9f8e7d6c5b4a3921"}' }, 'cs_9f8e7d6c5b4a3921'],
  [{ DISCORD_BOT_TOKEN: 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB' }, 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl'],
  ['MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB', 'MTA4NzY1NDMyMTA5ODc2NTQzMg.GhIjKl'],
  ['https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0/sendMessage', 'AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0'],
  ['https://prod-00.westus.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcde', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcde'],
  ['https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Security-Token=FwoGZXIvYXdzEBYaDHs9kLmN0pQr&X-Amz-Signature=abc123', 'FwoGZXIvYXdzEBYaDHs9kLmN0pQr'],
  [{ GOOGLE_CLIENT_SECRET: 'GOCSPX-abcdefghijklmnopqrstuvwxyz12' }, 'GOCSPX-abcdefghijklmnopqrstuvwxyz12'],
  [{ refresh_token: '1//0gabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV' }, '1//0gabcdefghijklmnopqrstuvwxyz'],
  [{ token: 'hvs.CAESIJabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ' }, 'hvs.CAESIJabcdefghijklmnopqrstuvwxyz'],
  ['NPM_TOKEN=npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'],
  ['//registry.npmjs.org/:_authToken=9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0', '9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0'],
  [{ HEROKU_API_KEY: '01234567-89ab-cdef-0123-456789abcdef' }, '01234567-89ab-cdef-0123-456789abcdef'],
  [{ DATADOG_API_KEY: '0123456789abcdef0123456789abcdef' }, '0123456789abcdef0123456789abcdef'],
  [{ CF_API_TOKEN: 'abcdefghijklmnopqrstuvwxyz0123456789ABCD' }, 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'],
  ['Authorization: SSWS 00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWXYZ', '00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  [{ password: 123456 }, '123456'],
  [new Map([['password', 'mapPw123']]), 'mapPw123'],
  // a Kubernetes env list: the name is the line above the value
  ['env:\n  - name: API_TOKEN\n    value: "k8sTok3nV4lue9x"\n  - name: PORT\n    value: "8080"\n', 'k8sTok3nV4lue9x'],
  ['[{"name":"DB_PASSWORD","value":"EcsPw-2024x"}]', 'EcsPw-2024x'],
  ['Parameters:\n  - ParameterKey: DbPassword\n    ParameterValue: CfnPw2024x\n', 'CfnPw2024x'],
  // argv: `config set <name> <value>` and Java-style single-dash options
  [['aws', 'configure', 'set', 'aws_secret_access_key', 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzKEY12345'], 'wJalrXUtnFEMIK7MDENGbPxRfiCYzzKEY12345'],
  [['npm', 'config', 'set', '//registry.npmjs.org/:_authToken', 'legacyNpmTok3n'], 'legacyNpmTok3n'],
  [['keytool', '-importkeystore', '-srckeystore', 'a.p12', '-srcstorepass', 'St0rePass!', '-destkeypass', 'K3yPass!'], 'St0rePass!'],
  [['keytool', '-importkeystore', '-srckeystore', 'a.p12', '-srcstorepass', 'St0rePass!', '-destkeypass', 'K3yPass!'], 'K3yPass!'],
  [['java', '-jar', 'tool.jar', '-password', 'Jv4Passw0rd'], 'Jv4Passw0rd'],
  // key spellings programs use: OpenLDAP rootpw, Datadog's application key, TOTP seeds, mnemonic phrases
  [{ slapd: { rootdn: 'cn=admin,dc=acme', rootpw: 'Sl4pdR00tPw' } }, 'Sl4pdR00tPw'],
  [{ headers: { 'DD-APPLICATION-KEY': 'ddAppK3y0123456789abcd' } }, 'ddAppK3y0123456789abcd'],
  [{ totp_seed: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' }, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'],
  [{ mnemonicPhrase: 'legal winner thank year wave sausage worth useful legal winner thank yellow' }, 'legal winner thank'],
  [{ ssnNumber: '212674431' }, '212674431'],
  // a Twilio (account SID, auth token) pair; OpenLDAP's -w; htpasswd batch mode
  [['AC0123456789abcdef0123456789abcdef', 'f0e1d2c3b4a5968778695a4b3c2d1e0f'], 'f0e1d2c3b4a5968778695a4b3c2d1e0f'],
  [['ldapsearch', '-x', '-D', 'cn=admin,dc=acme,dc=com', '-w', 'LdapB1ndPw', '-b', 'dc=acme,dc=com'], 'LdapB1ndPw'],
  [['htpasswd', '-b', '.htpasswd', 'ann', 'HtP4ssw0rd'], 'HtP4ssw0rd'],
  // MySQL's SET PASSWORD FOR
  ["SET PASSWORD FOR 'app'@'%' = 'MyS3tPw!x';", 'MyS3tPw!x'],
  ["SET PASSWORD FOR app@localhost = PASSWORD('0ldSt7le!');", '0ldSt7le!'],
  // webhook URLs in the other shapes the providers issue
  ['https://hooks.slack.com/workflows/T012AB3CD/A045EF6GH/478123456789012345/Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2', 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2'],
  ['https://hooks.slack.com/triggers/T012AB3CD/4781234567/0a1b2c3d4e5f60718293a4b5c6d7e8f9', '0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
  ['https://discord.com/api/v10/webhooks/1234567890123456789/aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-aBcDeFgHiJkLmNoPqRsTuVwXyZ01?wait=true', 'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_-aBcDe'],
  // base64 tokens whose alphabet breaks runs with `+` and `/` (Svix / Stripe webhook secrets)
  [['stripe.webhooks.constructEvent', '{}', 'v1=ab', 'whsec_MfK+9r8G/YqrT+jUPD8/LPZI+2La/aSw'], 'whsec_MfK+9r8G/YqrT+jUPD8/LPZI+2La/aSw'],
  // the CVV under Authorize.Net's name; key lists; a JWK serialised in a string keeps its private members private
  [{ card_code: '319', zip: '94107' }, '"319"'],
  [{ payment: { creditCard: { cardNumber: 'XXXX1111', expirationDate: '2030-12', cardCode: '4021' } } }, '4021'],
  [{ apiKeys: ['k3yRotat1onOld0123', 'k3yRotat1onNew4567'] }, 'k3yRotat1onOld0123'],
  [{ privateKeys: ['4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'] }, '4c0883a69102937d6231471b5dbb6204'],
  ['{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"}', 'jpsQnnGQmL-YBIffH1136cspYG6'],
  ['{\"kty\":\"oct\",\"k\":\"GawgguFyGrWKav7AX4VKUg\"}', 'GawgguFyGrWKav7AX4VKUg'],
  // redis.conf directives and CONFIG SET; a multipart/form-data part named like a secret; docker login -p
  ['bind 127.0.0.1\nport 6379\nrequirepass Kq7dRed1sPass\nmasterauth "Repl1caPw9"\n', 'Kq7dRed1sPass'],
  ['bind 127.0.0.1\nport 6379\nrequirepass Kq7dRed1sPass\nmasterauth "Repl1caPw9"\n', 'Repl1caPw9'],
  ['redis-cli CONFIG SET requirepass n3wRedisPw', 'n3wRedisPw'],
  ['--XyZ\r\nContent-Disposition: form-data; name="username"\r\n\r\nann\r\n--XyZ\r\nContent-Disposition: form-data; name="password"\r\n\r\nMult1partPw!\r\n--XyZ--\r\n', 'Mult1partPw!'],
  ['--b\nContent-Disposition: form-data; name="api_key"\nContent-Type: text/plain\n\nmp4pik3yZZ90\n--b--', 'mp4pik3yZZ90'],
  [['docker', 'login', '-u', 'ci', '-p', '8080:80x', 'registry.acme.dev'], '8080:80x'],
  // provider tokens right after a percent-escape: JSON in a query, a URL inside a URL
  ['https://app.acme.dev/cb?state=%7B%22token%22%3A%22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%22%7D', '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'],
  ['/login?next=https%3A%2F%2Fbot.acme.dev%2Finstall%3Ftoken%3Dxoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx%26team%3DT01', 'xoxb-1234567890'],
  // Slack client and `d` cookie tokens; a bare New Relic license key; a private key base64-encoded once more
  ['xoxc-1234567890-1234567890-1234567890123-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9', 'xoxc-1234567890'],
  ['0a1b2c3d4e5f60718293a4b5c6d7e8f90a1bNRAL', '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1bNRAL'],
  [{ data: { 'tls.key': Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAz8vXy0lQ4mR2\n-----END RSA PRIVATE KEY-----\n').toString('base64') } }, 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt'],
  // WS-Security password element with attributes; .NET appSettings; wp-config.php; subscripts; Go DSN; redis AUTH
  ['<wsse:UsernameToken><wsse:Username>svc</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss#PasswordText">Ws5ecPass!</wsse:Password></wsse:UsernameToken>', 'Ws5ecPass!'],
  ['<appSettings>\n  <add key="PaymentApiKey" value="9FgyGCweBEkIZLia" />\n  <add key="Environment" value="prod" />\n</appSettings>', '9FgyGCweBEkIZLia'],
  ["define( 'DB_PASSWORD', 'gQesKVHtX9TIdw' );", 'gQesKVHtX9TIdw'],
  ["define('NONCE_SALT', 'x8#Kp2!vQ9zL@m4R');", 'x8#Kp2!vQ9zL@m4R'],
  ["$config['db_password'] = 'sH2nKHEszds8Ki';", 'sH2nKHEszds8Ki'],
  ['os.environ["API_TOKEN"] = "envT0kenValue9x"', 'envT0kenValue9x'],
  [{ dsn: 'app:HTmnvi4n6L69Nw@tcp(db.internal:3306)/shop?parseTime=true' }, 'HTmnvi4n6L69Nw'],
  ['redis-cli -h cache -p 6379 AUTH SKXs7eojD1yQSz', 'SKXs7eojD1yQSz'],
  ['redis-cli --no-auth-warning AUTH default S3cr3tRedis', 'S3cr3tRedis'],
  // argv: zip -P, 7-Zip's attached -p, curl -u with an empty user
  [['zip', '-r', '-P', 'J4GHTzE38EYJEi', 'backup.zip', 'data/'], 'J4GHTzE38EYJEi'],
  [['7z', 'a', '-p48TRkty8hPkVKj', '-mhe=on', 'archive.7z', 'secrets/'], '48TRkty8hPkVKj'],
  [['curl', '-u', ':5yHXwS0hE1aE3qXs', 'https://gitlab.acme.dev/api/v4/projects'], '5yHXwS0hE1aE3qXs'],
  ['curl -u ":5yHXwS0hE1aE3qXs" https://gitlab.acme.dev/api/v4/projects', '5yHXwS0hE1aE3qXs'],
  // names: Azure Functions keys, passport-jwt's secretOrKey, cookie-session's express:sess, HubSpot's hapikey, Keycloak credentials
  [{ headers: { 'x-functions-key': '5cpKTJdeE/jc2nPBPfZFLa+zJorzwyEoUoysSen2knZLFgsnQrCs0w==' } }, '5cpKTJdeE/jc2nPBPfZFLa'],
  [{ secretOrKey: 'uSPsKrILslKb5thMWE6IV12MsWbWPGCK', jwtFromRequest: 'header' }, 'uSPsKrILslKb5thMWE6IV12MsWbWPGCK'],
  [['express:sess=yMl3oW+/YoIOI0OtXWc9dUc2v8N/D6PROZS1qMbBLubXiEE=; path=/; httponly', 'express:sess.sig=zJA8XUCWo-EnRouR8Aa9bbjERiM; path=/'], 'yMl3oW+/YoIOI0OtXWc9dUc2v8N'],
  ['https://api.hubapi.com/contacts/v1/lists/all/contacts/all?hapikey=0dfbbaa1-3ebe-4cf2-adf4-d9e561f2ecee&count=100', '0dfbbaa1-3ebe-4cf2-adf4-d9e561f2ecee'],
  [{ credentials: [{ type: 'password', value: 'Cobalt#Otter268', temporary: false }] }, 'Cobalt#Otter268'],
  // Hardhat `accounts` holds private keys; form state keeps a field's value in `value`; token pairs
  [{ networks: { sepolia: { url: 'https://rpc.sepolia.org', accounts: ['1de4e69c6326359d111f1e1f52d268947ee63acf48d5aa875f559e2eeff37e55'] } } }, '1de4e69c6326359d111f1e1f52d268947ee63acf48d5aa875f559e2eeff37e55'],
  [{ signers: ['0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'] }, '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318'],
  [{ form: { password: { value: 'Saffron#Otter459', touched: true, error: null } } }, 'Saffron#Otter459'],
  [{ data: { token: { access: 'MRDZJr9eQh5JrmkoTdqJYbsEPImyK5gkbPczSfKF', refresh: 'j2VoD5JHmK8KorjPQghBHyusqmuxD1AGhs68WKaT' } } }, 'MRDZJr9eQh5JrmkoTdqJYbsEPImyK5gkbPczSfKF'],
  [{ data: { token: { access: 'MRDZJr9eQh5JrmkoTdqJYbsEPImyK5gkbPczSfKF', refresh: 'j2VoD5JHmK8KorjPQghBHyusqmuxD1AGhs68WKaT' } } }, 'j2VoD5JHmK8KorjPQghBHyusqmuxD1AGhs68WKaT'],
  // Windows setx and fish set -x; a .pgpass file; Oracle EZConnect; OpenWeatherMap's appid
  // speakeasy.generateSecret(): the URL's secret in three more encodings
  [{ ascii: 'K]x!vQ2@pL9#zR4$', hex: '4b5d7821765132', base32: 'JNOXQIJWKEZEA4A', otpauth_url: 'otpauth://totp/Acme?secret=JNOXQIJWKEZEA4A' }, 'JNOXQIJWKEZEA4A'],
  [{ ascii: 'K]x!vQ2@pL9#zR4$', hex: '4b5d7821765132', base32: 'JNOXQIJWKEZEA4A', otpauth_url: 'otpauth://totp/Acme?secret=JNOXQIJWKEZEA4A' }, 'K]x!vQ2@pL9#zR4$'],
  [{ encKey: 'q8Zr2LmX0vB7nT4kW1sY6dF3', ssnFull: '212674431' }, 'q8Zr2LmX0vB7nT4kW1sY6dF3'],
  [{ encKey: 'q8Zr2LmX0vB7nT4kW1sY6dF3', ssnFull: '212674431' }, '212674431'],
  ['postgresql://app:password@db:5432/app', ':password@'], // the literal word as the password is still the password
  ['setx SERVICE_PASSWORD "OldJT8LzOtU00DCACgyCa9pG"', 'OldJT8LzOtU00DCACgyCa9pG'],
  ['set -gx OPENAI_API_TOKEN fishT0kenValue42', 'fishT0kenValue42'],
  ['db.internal:5432:app:app_user:ZU89NYbxoYV81ayM\n*:*:*:replicator:r3pl\\:Pass\n', 'ZU89NYbxoYV81ayM'],
  ['db.internal:5432:app:app_user:ZU89NYbxoYV81ayM\n*:*:*:replicator:r3pl\\:Pass\n', ':Pass'], // the escaped colon's second half
  ['sqlplus scott/x3rrNyUBg33H@//db.internal:1521/ORCLPDB1', 'x3rrNyUBg33H'],
  ['https://api.openweathermap.org/data/2.5/weather?q=Berlin&appid=89c31e095195a2ff6d395f0575c23f98&units=metric', '89c31e095195a2ff6d395f0575c23f98'],
];

const plain = (v: unknown): unknown => (v instanceof Map ? [...v] : v);

describe('realistic look-alikes stay unchanged', () => {
  it.each(negs.map((v) => [JSON.stringify(v).slice(0, 80), v]))('%s', (_label, v) => {
    expect(redact(structuredClone(v))).toEqual(v);
  });
});

describe('realistic secrets do not survive', () => {
  it.each(pos.map(([v, secret]) => [JSON.stringify(plain(v)).slice(0, 80), v, secret]))('%s', (_label, v, secret) => {
    expect(JSON.stringify(plain(redact(v)))).not.toContain(secret);
  });
});

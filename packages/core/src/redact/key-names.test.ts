import { describe, expect, it } from 'vitest';
import { createKeyClassifier, splitWords } from './key-names.js';

describe('splitWords', () => {
  it('splits camelCase, snake_case, kebab-case, dotted names, acronyms and flags', () => {
    expect(splitWords('secretAccessKey')).toEqual(['secret', 'access', 'key']);
    expect(splitWords('SECRET_KEY_BASE')).toEqual(['secret', 'key', 'base']);
    expect(splitWords('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(splitWords('APIKey')).toEqual(['api', 'key']);
    expect(splitWords('db.password')).toEqual(['db', 'password']);
    expect(splitWords('--db-password')).toEqual(['db', 'password']);
    expect(splitWords('//registry.npmjs.org/:_authToken')).toEqual(['registry', 'npmjs', 'org', 'auth', 'token']);
    // letters of other scripts are letters too
    expect(splitWords('userLösenord')).toEqual(['user', 'lösenord']);
    expect(splitWords('HASŁO_ADMINA')).toEqual(['hasło', 'admina']);
    expect(splitWords('пароль')).toEqual(['пароль']);
  });

  it('splits an ASCII name (its own expression) as the expression for any script does', () => {
    // '·' is no letter, digit or CJK character: it makes the name non-ASCII without adding a word
    const names = ['ABCDef', 'HTTPServer', 'aB', 'Ab1cD2', 'x__y', 'getURLs', 'UPPER', 'lower', '9lives', 'a.B-c_D/e:F'];
    let seed = 7;
    const alphabet = 'aAbBzZ09_-./: ';
    for (let i = 0; i < 300; i++) {
      let name = '';
      for (let j = 0; j < 1 + (i % 12); j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        name += alphabet[seed % alphabet.length];
      }
      names.push(name);
    }
    for (const name of names) expect(splitWords(name)).toEqual(splitWords(`${name}·`));
    expect(splitWords('getURLs·')).toEqual(['get', 'ur', 'ls']);
  });

  it('cuts names in Chinese, Japanese and Korean, written without separators, at the terms that decide', () => {
    expect(splitWords('用户密码')).toEqual(['用户', 'password']);
    expect(splitWords('数据库密码')).toEqual(['数据库', 'password']);
    expect(splitWords('密码强度')).toEqual(['password', '强度']);
    expect(splitWords('パスワードのヒント')).toEqual(['password', 'ヒント']);
    expect(splitWords('비밀번호확인')).toEqual(['password', 'confirm']);
    expect(splitWords('APIキー')).toEqual(['api', 'key']);
    expect(splitWords('db_私钥')).toEqual(['db', 'private', 'key']);
    expect(splitWords('주민등록번호')).toEqual(['ssn']);
    // a term that is a part of a longer one is not cut out of it
    expect(splitWords('암호화키')).toEqual(['encryption', 'key']);
    expect(splitWords('전화번호')).toEqual(['전화', 'number']);
  });
});

describe('key classifier', () => {
  const keys = createKeyClassifier();
  it.each([
    'password', 'newPassword', 'confirm_password', 'passwd', 'pwd', 'pass', 'passphrase', 'DB_PASSWORD', 'passwordConfirm',
    'secret', 'clientSecret', 'client_secret', 'jwtSecret', 'API_SECRET', 'SECRET_KEY_BASE', 'sharedSecret',
    'token', 'accessToken', 'refresh_token', 'X-Auth-Token', 'VAULT_TOKEN', 'id_token', '_authToken',
    'apiKey', 'api_key', 'x-api-key', 'secretAccessKey', 'aws_secret_access_key', 'privateKey', 'private_key',
    'signingKey', 'ACCOUNT_KEY', 'SOPS_AGE_KEY', 'encryptionKey', 'apikey',
    'ssn', 'cvv', 'cvc', 'pin', 'cardNumber', 'card_number', 'socialSecurityNumber', 'mnemonic', 'seedPhrase',
    'sessionId', 'session_id', 'sid', 'JSESSIONID', 'otp', 'credential',
    'rootpw', 'db_pw', 'ssnNumber', 'DD-APPLICATION-KEY', 'otpKey', 'totp_seed', 'mnemonicPhrase',
    // card verification values under payment APIs' names; plurals of unambiguous secret names; a key in a named encoding
    'cardCode', 'card_code', 'cvn', 'cardVerificationValue', 'apiKeys', 'privateKeys', 'passwords', 'privateKeyPem',
    'secretOrKey', 'secretOrPublicKey', 'x-functions-key', 'sess', '_gh_sess', 'encKey', 'ssnFull', 'adminApiKey',
    // the word in other languages; sign-in codes that stand in for a second factor
    'Kennwort', 'wachtwoord', 'Lösenord', 'losenord', 'passord', 'adgangskode', 'salasana', 'hasło', 'HASŁO', 'heslo',
    'jelszó', 'şifre', 'lozinka', 'пароль', 'palavra-passe', 'recoveryCode', 'recovery_codes', 'mfaBackupCodes',
    // Chinese (simplified and traditional), Japanese and Korean, alone and in compounds without separators
    '密码', '密碼', '用户密码', '数据库密码', '新密码', '确认密码', '密码确认', '支付密码', '口令', '登录口令', 'パスワード', 'ユーザーパスワード',
    '新しいパスワード', 'ワンタイムパスワード', '暗証番号', '비밀번호', '새비밀번호', '비밀번호 확인', '비밀번호확인', '관리자 비밀번호', '패스워드',
    'API密钥', '密钥', '访问密钥', '私钥', '私鑰', '秘密鍵', 'APIキー', 'アクセスキー', 'シークレットキー', 'API키', '비밀키', '개인키', '암호화키',
    '令牌', '访问令牌', 'アクセストークン', 'リフレッシュトークン', '토큰', '액세스 토큰', 'クライアントシークレット', '客户端密钥',
    '凭证', '認証情報', '자격증명', '助记词', '恢复码', 'バックアップコード', '복구코드', '会话ID', 'セッションID', '信用卡号', 'カード番号',
    '카드번호', '安全码', 'セキュリティコード', 'PIN码', '身份证号', '주민등록번호', 'マイナンバー', 'DB_パスワード', 'mysql.密码',
  ])('%s names a secret', (name) => {
    expect(keys.classify(name)).toBe('secret');
  });
  it.each([
    'tokenizer', 'maxTokens', 'tokenCount', 'promptTokens', 'author', 'authorId', 'postId', 'passengers', 'passengerCount',
    'passwordPolicy', 'passwordResetUrl', 'tokenEndpoint', 'secretary', 'secretName', 'secretArn', 'token_type',
    'privateKeyPath', 'keyFile', 'usernameField', 'passwordField', 'authSource', 'key', 'Key', 'cacheKey', 'keyPrefix',
    'sidebar', 'pinned', 'signatureVersion', 'saltRounds', 'accessKeyId', 'private_key_id', 'publicKey', 'primaryKey',
    'secretsManager', 'keyVault', 'refresh_token_expires_in', 'tokenExpiresAt', 'passwordLength', 'hasPassword2Fa',
    // cursors into a listing, named like tokens
    'nextPageToken', 'pageToken', 'NextToken', 'continuationToken', 'ContinuationToken', 'syncToken', 'resumeToken',
    'sequenceToken', 'skipToken', 'idempotencyToken',
    'seed', 'randomSeed', 'keyPhrase', 'searchPhrase', 'applicationId', 'otpLength', 'pwa',
    // plurals that name lists of names, public keys or counts
    'keys', 'publicKeys', 'sshKeys', 'ssh_keys', 'tokens', 'secrets', 'publicKeyPem', 'passwordsPolicy',
    'parola', 'wort', 'kennwortRichtlinie', 'recoveryCodesRemaining', 'mnemonicLength',
    'authorOrEditor', 'functionKey', 'publicApiKey', 'publishableKey', 'searchOnlyApiKey', 'ALGOLIA_SEARCH_API_KEY', 'NEXT_PUBLIC_API_KEY',
    // what a CJK name says about a secret (its strength, a hint, a length, a policy, a count), public keys, other keys
    '密码强度', '密码提示', '密码长度', '密码策略', '密码错误次数', '忘记密码链接', '密碼提示', 'パスワードのヒント', 'パスワード強度', 'パスワード変更日',
    '비밀번호 힌트', '비밀번호힌트', '비밀번호 길이', 'トークン数', '令牌数量', '토큰 수', '公钥', '公鑰', '公開鍵', '공개키', '密钥长度', '密钥ID',
    '主键', '主鍵', '键值', '暗号化方式', '암호화', '암호문', '验证码', '条形码', '전화번호', '会话超时', '用户名', 'ユーザー名', '사용자',
  ])('%s does not', (name) => {
    expect(keys.classify(name)).toBe('none');
  });
  it('knows header names whose value keeps a scheme or cookie names', () => {
    expect(keys.classify('Authorization')).toBe('authorization');
    expect(keys.classify('proxy-authorization')).toBe('authorization');
    expect(keys.classify('cookie')).toBe('cookie');
    expect(keys.classify('Set-Cookie')).toBe('set-cookie');
  });
  it('honours allow-listed keys (case-insensitive)', () => {
    expect(createKeyClassifier(['sessionId']).classify('SESSIONID')).toBe('none');
  });
  it('treats fetch credentials modes and field labels as harmless values', () => {
    expect(keys.isHarmlessValue('credentials', 'include')).toBe(true);
    expect(keys.isHarmlessValue('login.password', 'Password')).toBe(true);
    expect(keys.isHarmlessValue('errors.password', 'Your password is too short')).toBe(true);
    expect(keys.isHarmlessValue('password', 'keyboard cat')).toBe(false);
    expect(keys.isHarmlessValue('password', 'word')).toBe(false);
    expect(keys.isHarmlessValue('forgotPassword', 'Forgot password?')).toBe(true);
    // a state or a validation message is not the secret; a passphrase is
    expect(keys.isHarmlessValue('password', 'Required')).toBe(true);
    expect(keys.isHarmlessValue('token', 'expired')).toBe(true);
    expect(keys.isHarmlessValue('password', 'Password must be at least 8 characters')).toBe(true);
    expect(keys.isHarmlessValue('passphrase', 'Correct horse battery staple')).toBe(false);
    // a one-word mode under a name that holds modes as often as credentials
    expect(keys.isHarmlessValue('auth', 'jwt')).toBe(true);
    expect(keys.isHarmlessValue('auth', 'user:pa55word')).toBe(false);
    expect(keys.isHarmlessValue('password', 'hunter')).toBe(false);
    // a working directory under PWD is a path; a password that starts with `~` is not
    expect(keys.isHarmlessValue('PWD', '~/src/app')).toBe(true);
    expect(keys.isHarmlessValue('OLDPWD', '~deploy/releases')).toBe(true);
    expect(keys.isHarmlessValue('Pwd', '~OGH26mqe*TrfF8Oz6')).toBe(false);
  });
});

// Dialects and placements of secrets the first rules did not cover (found by a third held-out set), each pinned
// with a value built here, and the look-alikes that those rules must leave alone.
import { describe, expect, it } from 'vitest';
import { randomString } from './__fixtures__/test-tokens.js';
import { redact } from './index.js';

const text = (v: unknown): string => JSON.stringify(redact(v));
const untouched = (v: unknown): void => expect(redact(structuredClone(v))).toEqual(v);

describe('SQL', () => {
  it("T-SQL quotes a password as a Unicode literal, N'…'", () => {
    expect(text("CREATE LOGIN etl WITH PASSWORD = N'Harbor#Lumen42x', CHECK_POLICY = OFF;")).not.toContain('Harbor#Lumen42x');
  });

  it('INSERT names the password column; its literal in every row is redacted', () => {
    const out = text("INSERT INTO users (email, `password`, role) VALUES ('a@b.io', 'Maple!Rover11', 'admin'), ('c@d.io', 'it''s-Quartz9', 'user');");
    expect(out).not.toContain('Maple!Rover11');
    expect(out).not.toContain("it''s-Quartz9");
    expect(out).toContain('a@b.io');
    expect(out).toContain('admin');
  });

  it('INSERT without a secret column stays', () => {
    untouched("INSERT INTO orders (id, sku, qty) VALUES (1, 'A-100', 2);");
  });
});

describe('cookies and query parameters', () => {
  it('a Set-Cookie value on its own (an element of res.getHeader("set-cookie")) loses a generated value', () => {
    const value = randomString(120, 31);
    const out = text([`.AspNetCore.Cookies=${value}; path=/; secure; samesite=lax; httponly`]);
    expect(out).not.toContain(value);
    expect(out).toContain('.AspNetCore.Cookies=');
  });

  it('a Set-Cookie of a preference stays', () => {
    untouched(['theme=dark; Path=/; Max-Age=31536000', 'lang=en-GB; Path=/; SameSite=Lax']);
  });

  it('an Azure Functions key in ?code=; other code parameters stay', () => {
    const key = randomString(54, 32) + '==';
    expect(text(`https://acme-fn.azurewebsites.net/api/ProcessOrder?code=${key}`)).not.toContain(key);
    untouched('https://shop.example.com/checkout?code=SUMMER2024&country=DE');
    untouched({ callback: 'https://app.example.com/cb?code=4%2F0AY0e-g7xyz&state=af0ifjsldkj' });
  });
});

describe('encoded credential files', () => {
  it('a service-account JSON file base64-encoded into one variable', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${randomString(64, 33)}\n${randomString(64, 34)}\n-----END PRIVATE KEY-----\n`;
    for (const json of [JSON.stringify({ type: 'service_account', private_key: pem }), JSON.stringify({ type: 'service_account', private_key: pem }, null, 2)]) {
      const b64 = Buffer.from(json).toString('base64');
      const out = text(`GOOGLE_CREDENTIALS_B64=${b64}`);
      expect(out).not.toContain(b64.slice(200, 260));
    }
  });

  it('base64 JSON without a private key (a long pagination cursor) stays', () => {
    untouched({ cursor: Buffer.from(JSON.stringify({ ids: Array.from({ length: 40 }, (_, i) => i * 7919), sort: 'createdAt' })).toString('base64') });
  });
});

describe('command lines', () => {
  it("Samba's -U user%password, in argv and in a command string", () => {
    const pw = randomString(14, 35);
    expect(text(['smbclient', '//fs/share', '-U', `svc%${pw}`])).not.toContain(pw);
    expect(text(`smbclient //fs/share -U 'svc%${pw}' -c ls`)).not.toContain(pw);
    untouched(['psql', '-U', 'app', '-d', 'orders']);
  });

  it('prose about a flag is not a command line', () => {
    untouched('Please provide a token via the --token flag or the GITHUB_TOKEN environment variable.');
    untouched('Use --password to set it, or --password-file instead.');
  });
});

describe('look-alikes', () => {
  it("Helm's existingSecret names a Kubernetes Secret", () => {
    untouched({ auth: { existingSecret: 'db-credentials', existingSecretPasswordKey: 'postgres-password' } });
  });

  it('a PHP superglobal read is a reference', () => {
    untouched("$password = $_POST['password'];");
    untouched('$token = $request->token;');
  });

  it('an ARN or URN segment named secret or token is not an assignment', () => {
    untouched('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf');
    untouched({ grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange' });
  });
});

describe('more dialects', () => {
  it('a value passed beside its name as two call arguments', () => {
    const v = randomString(20, 41);
    expect(text(`os.Setenv("API_KEY", "${v}")`)).not.toContain(v);
    expect(text(`System.setProperty("javax.net.ssl.keyStorePassword", "${v}");`)).not.toContain(v);
    untouched('os.Setenv("LOG_LEVEL", "debug")');
    untouched('t("auth.password", "Password")');
  });

  it("GitHub Actions' ::add-mask:: declares its value a secret", () => {
    const v = randomString(32, 42);
    expect(text(`echo "::add-mask::${v}"`)).not.toContain(v);
  });

  it('database shells, rabbitmqctl and net use take the password positionally', () => {
    const v = randomString(14, 43);
    expect(text(`cqlsh -u cassandra -p ${v} cassandra.internal 9042`)).not.toContain(v);
    expect(text(`rabbitmqctl add_user svc ${v}`)).not.toContain(v);
    expect(text(`net use Z: \\\\fs\\share /user:ACME\\svc ${v}`)).not.toContain(v);
    untouched('net use Z: \\\\fs\\share /user:ACME\\svc *');
    untouched('cqlsh -u cassandra -p 9042');
  });

  it('a YAML tag stands for the value (Ansible vault, CloudFormation, Home Assistant)', () => {
    untouched('password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n');
    untouched('MasterUserPassword: !Ref DbPassword\nMasterUsername: admin\n');
    untouched('api_password: !secret http_password');
  });
});

describe('encodings and documentation samples', () => {
  it('JSON percent-encoded into a query parameter: the encoded password goes', () => {
    const pw = `Quartz!${randomString(12, 51)}`;
    const encoded = encodeURIComponent(pw);
    const out = text(`https://api.acme.io/login?payload=${encodeURIComponent(JSON.stringify({ user: 'bob', password: pw }))}&v=2`);
    expect(out).not.toContain(encoded);
    expect(out).toContain('bob');
    expect(out).toContain('&v=2');
  });

  it('an encoded JSON query without secrets stays', () => {
    untouched(`https://shop.example.com/search?filter=${encodeURIComponent(JSON.stringify({ color: 'red', size: 42 }))}`);
  });

  it("AWS documentation's sample credentials are placeholders", () => {
    untouched('[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    untouched({ accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' });
  });
});

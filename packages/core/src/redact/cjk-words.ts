// Names written in Chinese, Japanese or Korean run their words together (`用户密码`, `パスワードのヒント`,
// `비밀번호확인`): there is no case and no separator to split on. These compounds are head-final as
// English names are (`用户密码` is a user's password, `密码强度` a password's strength), so the same rule
// applies once the run is cut into words: the LAST word decides. A run is cut at the terms below, the
// longest first, from its end; each term becomes the English word key-names.ts reasons about, and the
// characters between terms stay one unknown word each. So `数据库密码` reads as [数据库, password],
// `密码强度` as [password, 强度], `APIキー` as [api, key], `公開鍵` as [public, key].
// Only words that decide something are listed: a word that makes no name a secret needs no entry.

/** Term (simplified and traditional Chinese, Japanese, Korean) → English words ('' for a particle, dropped). */
const TERMS: ReadonlyMap<string, string> = new Map([
  // password, passcode, passphrase, PIN
  ['密码', 'password'], ['密碼', 'password'], ['口令', 'password'], ['パスワード', 'password'], ['パスコード', 'passcode'],
  ['パスフレーズ', 'passphrase'], ['暗証番号', 'pin'], ['비밀번호', 'password'], ['비번', 'password'], ['패스워드', 'password'],
  ['암호', 'password'], ['핀번호', 'pin'],
  // what 암호/暗号 also start: encryption, a ciphertext (not a password)
  ['암호화', 'encryption'], ['암호문', 'ciphertext'], ['暗号化', 'encryption'], ['加密', 'encryption'], ['解密', 'decryption'],
  ['복호화', 'decryption'], ['復号', 'decryption'],
  // secret, token, credentials
  ['秘密', 'secret'], ['シークレット', 'secret'], ['시크릿', 'secret'], ['비밀', 'secret'],
  ['令牌', 'token'], ['權杖', 'token'], ['トークン', 'token'], ['토큰', 'token'],
  ['凭证', 'credentials'], ['凭据', 'credentials'], ['憑證', 'credentials'], ['憑據', 'credentials'], ['認証情報', 'credentials'],
  ['資格情報', 'credentials'], ['자격증명', 'credentials'], ['인증정보', 'credentials'],
  // keys: `密钥` is a secret key on its own; `鍵`, `キー`, `키`, `金鑰` are keys that a qualifier before them makes
  // secret (not `键`, simplified Chinese's key of a keyboard or a table: `主键` is a primary key)
  ['密钥', 'secretkey'], ['密鑰', 'secretkey'], ['秘钥', 'secretkey'], ['秘鑰', 'secretkey'], ['私钥', 'private key'],
  ['私鑰', 'private key'], ['公钥', 'public key'], ['公鑰', 'public key'],
  ['鍵', 'key'], ['キー', 'key'], ['키', 'key'], ['金鑰', 'key'], ['金钥', 'key'],
  ['私有', 'private'], ['プライベート', 'private'], ['개인', 'private'], ['公開', 'public'], ['公开', 'public'], ['パブリック', 'public'],
  ['공개', 'public'], ['访问', 'access'], ['訪問', 'access'], ['アクセス', 'access'], ['액세스', 'access'], ['签名', 'signing'],
  ['簽名', 'signing'], ['署名', 'signing'], ['서명', 'signing'], ['共通', 'shared'], ['マスター', 'master'], ['마스터', 'master'],
  ['アプリ', 'app'], ['应用', 'app'], ['應用', 'app'], ['クライアント', 'client'], ['客户端', 'client'], ['用戶端', 'client'],
  ['클라이언트', 'client'],
  // sessions, recovery codes, mnemonics, card data and national ids (the SSN's counterparts)
  ['会话', 'session'], ['會話', 'session'], ['セッション', 'session'], ['세션', 'session'],
  ['恢复', 'recovery'], ['恢復', 'recovery'], ['リカバリー', 'recovery'], ['リカバリ', 'recovery'], ['복구', 'recovery'],
  ['备用', 'backup'], ['備用', 'backup'], ['バックアップ', 'backup'], ['백업', 'backup'],
  ['码', 'code'], ['碼', 'code'], ['コード', 'code'], ['코드', 'code'],
  ['助记词', 'mnemonic'], ['助記詞', 'mnemonic'], ['ニーモニック', 'mnemonic'], ['니모닉', 'mnemonic'],
  ['安全', 'security'], ['セキュリティ', 'security'], ['보안', 'security'],
  ['卡号', 'card number'], ['卡號', 'card number'], ['カード', 'card'], ['카드', 'card'], ['番号', 'number'], ['번호', 'number'],
  ['身份证号', 'ssn'], ['身份证号码', 'ssn'], ['身份證號', 'ssn'], ['身分證號', 'ssn'], ['マイナンバー', 'ssn'], ['個人番号', 'ssn'],
  ['주민등록번호', 'ssn'], ['주민번호', 'ssn'],
  // words after a secret that still name it: its confirmation, a re-entry, its hash, its value
  ['确认', 'confirm'], ['確認', 'confirm'], ['확인', 'confirm'], ['再入力', 'repeat'], ['재입력', 'repeat'], ['哈希', 'hash'],
  ['雜湊', 'hash'], ['ハッシュ', 'hash'], ['해시', 'hash'], ['值', 'value'], ['値', 'value'], ['값', 'value'], ['明文', 'plaintext'],
  // possessive particles (`パスワードのヒント`, `用户的密码`, `사용자의 비밀번호`)
  ['の', ''], ['的', ''], ['의', ''],
]);

const LONGEST = Math.max(...[...TERMS.keys()].map((term) => term.length));

/** A run of Han, Kana or Hangul characters (with Katakana's long vowel mark) in a name. */
export const CJK_RUN = '[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\u30fc]+';

/** The words of one run of CJK characters, in order (see the header). */
export function cjkWords(run: string): string[] {
  const reversed: string[] = [];
  let unknownEnd = run.length;
  let end = run.length;
  while (end > 0) {
    let length = Math.min(LONGEST, end);
    while (length > 0 && !TERMS.has(run.slice(end - length, end))) length--;
    if (length === 0) {
      end--;
      continue;
    }
    if (unknownEnd > end) reversed.push(run.slice(end, unknownEnd));
    const english = TERMS.get(run.slice(end - length, end))!;
    if (english !== '') reversed.push(...english.split(' ').reverse());
    end -= length;
    unknownEnd = end;
  }
  if (unknownEnd > 0) reversed.push(run.slice(0, unknownEnd));
  return reversed.reverse();
}

// Secrets that carry their own identity: a provider prefix with an exact shape (the checklist is the
// union of gitleaks' and secretlint's unique-prefix rules). Self-identifying prefixes are almost never
// false; where a format has a checksum or a decodable header, it is checked as well.
//
// All rules compile into ONE alternation so a string is scanned once; the capture group that matched
// says which rule it was. Inner groups must therefore be non-capturing. Where only part of a match is
// the secret (a webhook URL's token segment), the rest is a lookbehind, so the match is the secret.

import { jwtHeaderValid, prefixedCrc32TokenValid } from './validators.js';

export interface TokenRule {
  name: string;
  source: string;
  /** Checks what the format guarantees; a match that fails is a look-alike and stays. */
  validate?: (match: string) => boolean;
}

const L = '(?<![A-Za-z0-9])'; // left boundary: not inside a longer alphanumeric run
const R = '(?![A-Za-z0-9])'; // right boundary

const notExample = (m: string): boolean => !/EXAMPLE/.test(m);
const mixed = (m: string): boolean => /[0-9]/.test(m) && /[A-Z]/.test(m) && /[a-z]/.test(m);

export const TOKEN_RULES: readonly TokenRule[] = [
  { name: 'aws-access-key', source: `${L}(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}${R}`, validate: notExample },
  { name: 'github-token', source: `${L}gh[pousr]_[A-Za-z0-9]{36}${R}`, validate: prefixedCrc32TokenValid },
  { name: 'github-token', source: `${L}ghs_[A-Za-z0-9._-]{40,}` },
  { name: 'github-fine-grained-token', source: `${L}github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}` },
  { name: 'gitlab-token', source: `${L}gl(?:pat|ptt|dt|rt|cbt|imt|soat|ffct|agent|oas|ft|ct|wt|cf)-[A-Za-z0-9_.-]{20,}` },
  { name: 'gitlab-token', source: `${L}GR1348941[A-Za-z0-9_-]{20}${R}` },
  { name: 'slack-token', source: `${L}xox[abposre]-(?:\\d+-)?[A-Za-z0-9-]{10,}` },
  { name: 'slack-token', source: `${L}xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+` },
  { name: 'slack-webhook', source: `(?<=hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9]+/[A-Za-z0-9]+/)[A-Za-z0-9]{16,}` },
  { name: 'stripe-key', source: `${L}(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,}` },
  { name: 'stripe-webhook-secret', source: `${L}whsec_[A-Za-z0-9+/=]{24,}` },
  { name: 'anthropic-key', source: `${L}sk-ant-[a-z]+\\d*-[A-Za-z0-9_-]{20,}` },
  { name: 'openai-key', source: `${L}sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}` },
  { name: 'openai-key', source: `${L}sk-[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}` },
  { name: 'openai-key', source: `${L}sk-[A-Za-z0-9]{48}${R}` },
  { name: 'ai-provider-key', source: `${L}sk-[a-f0-9]{32}${R}` },
  { name: 'ai-provider-key', source: `${L}xai-[A-Za-z0-9]{60,}` },
  { name: 'ai-provider-key', source: `${L}r8_[A-Za-z0-9]{37}${R}` },
  { name: 'ai-provider-key', source: `${L}gsk_[A-Za-z0-9]{48,}` },
  { name: 'ai-provider-key', source: `${L}pplx-[A-Za-z0-9]{40,}` },
  { name: 'ai-provider-key', source: `${L}nvapi-[A-Za-z0-9_-]{60,}` },
  { name: 'ai-provider-key', source: `${L}lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${R}` },
  { name: 'ai-provider-key', source: `${L}fw_[A-Za-z0-9]{24,}`, validate: mixed },
  { name: 'huggingface-token', source: `${L}(?:hf_|api_org_)[A-Za-z0-9]{30,}` },
  { name: 'google-api-key', source: `${L}AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])` },
  { name: 'google-oauth-secret', source: `${L}GOCSPX-[A-Za-z0-9_-]{24,}` },
  { name: 'google-oauth-token', source: `${L}ya29\\.[0-9A-Za-z_-]{20,}` },
  { name: 'google-oauth-token', source: `${L}1//0[0-9A-Za-z_-]{40,}` },
  { name: 'azure-ad-client-secret', source: `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])` },
  { name: 'twilio-api-key', source: `${L}SK[0-9a-fA-F]{32}${R}` },
  { name: 'sendgrid-key', source: `${L}SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}` },
  { name: 'mailchimp-key', source: `${L}[0-9a-f]{32}-us\\d{1,2}${R}` },
  { name: 'mailgun-key', source: `${L}key-[0-9a-f]{32}${R}` },
  { name: 'brevo-key', source: `${L}xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}${R}` },
  { name: 'mandrill-key', source: `${L}md-[A-Za-z0-9]{22}${R}`, validate: mixed },
  { name: 'npm-token', source: `${L}npm_[A-Za-z0-9]{36}${R}`, validate: prefixedCrc32TokenValid },
  { name: 'pypi-token', source: `${L}pypi-AgE[A-Za-z0-9_-]{50,}` },
  { name: 'rubygems-token', source: `${L}rubygems_[a-f0-9]{48}${R}` },
  { name: 'nuget-key', source: `${L}oy2[a-z0-9]{43}${R}` },
  { name: 'jwt', source: `${L}eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*)?`, validate: jwtHeaderValid },
  { name: 'age-secret-key', source: `${L}AGE-SECRET-KEY-1[0-9A-Z]{58}${R}` },
  { name: 'vault-token', source: `${L}hv[sbr]\\.[A-Za-z0-9_-]{24,}` },
  { name: 'vault-token', source: `(?<![A-Za-z0-9._/-])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9._/-])`, validate: mixed },
  { name: 'discord-webhook', source: `(?<=discord(?:app)?\\.com/api/webhooks/\\d+/)[A-Za-z0-9_-]{40,}` },
  { name: 'discord-token', source: `${L}[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${R}` },
  { name: 'telegram-bot-token', source: `(?<![0-9])\\d{6,12}:AA[A-Za-z0-9_-]{30,40}(?![A-Za-z0-9_-])` },
  { name: 'shopify-token', source: `${L}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${R}` },
  { name: 'square-token', source: `${L}sq0(?:atp|csp|idp)-[A-Za-z0-9_-]{22,60}` },
  { name: 'square-token', source: `${L}EAAA[A-Za-z0-9_-]{60}${R}` },
  { name: 'digitalocean-token', source: `${L}do[por]_v1_[a-f0-9]{64}${R}` },
  { name: 'databricks-token', source: `${L}dapi[a-f0-9]{32}(?:-\\d)?${R}` },
  { name: 'dockerhub-token', source: `${L}dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}` },
  { name: 'linear-key', source: `${L}lin_(?:api|oauth)_[A-Za-z0-9]{40}${R}` },
  { name: 'notion-token', source: `${L}(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})${R}` },
  { name: 'sentry-token', source: `${L}sntry[us]_[A-Za-z0-9_=+/-]{40,}` },
  { name: 'grafana-token', source: `${L}glc_[A-Za-z0-9+/]{32,}={0,2}` },
  { name: 'grafana-token', source: `${L}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${R}` },
  { name: 'grafana-token', source: `${L}eyJrIjoi[A-Za-z0-9]{50,}={0,2}` },
  { name: 'newrelic-key', source: `${L}NR(?:AK|II|AA|JS|RA)-[A-Za-z0-9]{19,32}${R}` },
  { name: 'atlassian-token', source: `${L}AT(?:ATT|CTT)3[A-Za-z0-9_=-]{100,}` },
  { name: 'bitbucket-token', source: `${L}ATBB[A-Za-z0-9_=.-]{28,}` },
  { name: 'postman-key', source: `${L}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${R}` },
  { name: 'heroku-key', source: `${L}HRKU-[A-Za-z0-9_-]{40,}` },
  { name: 'doppler-token', source: `${L}dp\\.(?:st|ct|sa|scim|audit|pt)\\.[A-Za-z0-9_.-]{30,}` },
  { name: 'teams-webhook', source: `(?<=/IncomingWebhook/)[A-Za-z0-9]{32}(?=/)` },
  { name: 'alibaba-access-key', source: `${L}LTAI[A-Za-z0-9]{12,20}${R}` },
  { name: 'vercel-token', source: `${L}vc[kpiar]_[A-Za-z0-9]{24,}` },
  { name: 'supabase-token', source: `${L}(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})` },
  { name: 'planetscale-token', source: `${L}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,}` },
  { name: 'tailscale-key', source: `${L}tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]+-[A-Za-z0-9]+` },
  { name: 'pulumi-token', source: `${L}pul-[a-f0-9]{40}${R}` },
  { name: 'terraform-token', source: `${L}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}` },
  { name: 'buildkite-token', source: `${L}bkua_[a-f0-9]{40}${R}` },
  { name: 'circleci-token', source: `${L}CCIPAT_[A-Za-z0-9_]{20,}` },
  { name: 'contentful-token', source: `${L}CFPAT-[A-Za-z0-9_-]{43}${R}` },
  { name: 'onepassword-token', source: `${L}ops_eyJ[A-Za-z0-9+/=_-]{100,}` },
  { name: 'airtable-token', source: `${L}pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${R}` },
  { name: 'mapbox-secret-token', source: `${L}sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}` },
  { name: 'dropbox-token', source: `${L}sl\\.[A-Za-z0-9_-]{130,}` },
  { name: 'facebook-token', source: `${L}EAA[A-Za-z0-9]{100,}` },
  { name: 'firebase-server-key', source: `${L}AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}` },
  { name: 'flutterwave-key', source: `${L}FLWSECK(?:_TEST)?-[a-h0-9]{32}-X${R}` },
  { name: 'braintree-token', source: `${L}access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$[0-9a-f]{32}${R}` },
  { name: 'plaid-token', source: `${L}access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${R}` },
  { name: 'prefect-key', source: `${L}pnu_[A-Za-z0-9]{36}${R}` },
  { name: 'sourcegraph-token', source: `${L}sgp_[A-Za-z0-9_]{40,}` },
  { name: 'netlify-token', source: `${L}nfp_[A-Za-z0-9]{36,}` },
  { name: 'render-key', source: `${L}rnd_[A-Za-z0-9]{28,}` },
  { name: 'figma-token', source: `${L}figd_[A-Za-z0-9_-]{30,}` },
  { name: 'readme-key', source: `${L}rdme_[a-z0-9]{70}${R}` },
];

/** Every rule in one pattern; group i+1 matched <=> TOKEN_RULES[i] matched. */
export const TOKEN_PATTERN = new RegExp(TOKEN_RULES.map((r) => `(${r.source})`).join('|'), 'g');

/** Cheap gate: every token above contains a run of at least 16 token characters. */
export const TOKEN_GATE = /[A-Za-z0-9_\-.~+/=:$%]{16}/;

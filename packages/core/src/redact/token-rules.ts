// Secrets that carry their own identity: a provider prefix with an exact shape (the checklist is the
// union of gitleaks' and secretlint's unique-prefix rules). Self-identifying prefixes are almost never
// false; where a format has a checksum or a decodable header, it is checked as well.
//
// Matching is two-staged so that a string costs one pass of plain JavaScript over its characters: at
// each word start (a character not preceded by a letter or digit) the rules whose literal prefix starts
// there are tried as sticky patterns. A few rules have no literal start or need the text before them
// (a webhook URL's token segment, in a lookbehind so that the match is the secret alone): those run
// only when their literal gate occurs in the string.

import { base64JsonPrivateKey, base64PemPrivateKey, jwtHeaderValid, prefixedCrc32TokenValid } from './validators.js';

interface TokenRule {
  name: string;
  /** The pattern of the whole secret (a match of it is what is redacted). */
  source: string;
  /** Checks what the format guarantees; a match that fails is a look-alike and stays. */
  validate?: (match: string) => boolean;
}

export interface PrefixedRule extends TokenRule {
  /** Literal starts of the secret; the pattern is tried only where one of them begins a word. */
  prefixes: readonly string[];
}

export interface ContextualRule extends TokenRule {
  /** A literal that must occur in the string for the rule to run. */
  gate: string;
}

const R = '(?![A-Za-z0-9])'; // right boundary

const notExample = (m: string): boolean => !/EXAMPLE/.test(m);
const mixed = (m: string): boolean => /[0-9]/.test(m) && /[A-Z]/.test(m) && /[a-z]/.test(m);

/** Rules that start at a word start with a literal prefix; matched sticky at that position. */
export const PREFIXED_RULES: readonly PrefixedRule[] = [
  { name: 'aws-access-key', prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'], source: `(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}${R}`, validate: notExample },
  { name: 'github-token', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], source: `gh[pousr]_[A-Za-z0-9]{36}${R}`, validate: prefixedCrc32TokenValid },
  { name: 'github-token', prefixes: ['ghs_'], source: `ghs_[A-Za-z0-9._-]{40,}` },
  { name: 'github-fine-grained-token', prefixes: ['github_pat_'], source: `github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}${R}` },
  { name: 'gitlab-token', prefixes: ['gl'], source: `gl(?:pat|ptt|dt|rt|cbt|imt|soat|ffct|agent|oas|ft|ct|wt|cf)-[A-Za-z0-9_.-]{20,}` },
  { name: 'gitlab-token', prefixes: ['GR1348941'], source: `GR1348941[A-Za-z0-9_-]{20}${R}` },
  { name: 'slack-token', prefixes: ['xox'], source: `xox[abposrec]-(?:\\d+-)?[A-Za-z0-9-]{10,}` },
  // the browser session's `d` cookie: percent-encoded base64
  { name: 'slack-token', prefixes: ['xoxd-'], source: `xoxd-[A-Za-z0-9%+/=_-]{20,}` },
  { name: 'slack-token', prefixes: ['xapp-'], source: `xapp-\\d-[A-Z0-9]+-\\d+-[a-z0-9]+` },
  { name: 'stripe-key', prefixes: ['sk_', 'rk_'], source: `(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{16,}` },
  { name: 'stripe-webhook-secret', prefixes: ['whsec_'], source: `whsec_[A-Za-z0-9+/=]{24,}` },
  { name: 'anthropic-key', prefixes: ['sk-ant-'], source: `sk-ant-[a-z]+\\d*-[A-Za-z0-9_-]{20,}` },
  { name: 'openai-key', prefixes: ['sk-'], source: `sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}` },
  { name: 'openai-key', prefixes: ['sk-'], source: `sk-[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}` },
  { name: 'openai-key', prefixes: ['sk-'], source: `sk-[A-Za-z0-9]{48}${R}` },
  { name: 'ai-provider-key', prefixes: ['sk-'], source: `sk-[a-f0-9]{32}${R}` },
  { name: 'ai-provider-key', prefixes: ['sk-or-'], source: `sk-or-v\\d-[a-f0-9]{64}${R}` },
  { name: 'ai-provider-key', prefixes: ['sk_'], source: `sk_[a-f0-9]{48}${R}` },
  { name: 'ai-provider-key', prefixes: ['csk-'], source: `csk-[a-z0-9]{40,}${R}` },
  { name: 'ai-provider-key', prefixes: ['esecret_'], source: `esecret_[A-Za-z0-9]{20,}` },
  { name: 'resend-key', prefixes: ['re_'], source: `re_[A-Za-z0-9]{6,}_[A-Za-z0-9]{16,}${R}`, validate: mixed },
  { name: 'crypto-extended-private-key', prefixes: ['xprv', 'tprv', 'yprv', 'zprv'], source: `[xtyz]prv[1-9A-HJ-NP-Za-km-z]{100,}${R}` },
  { name: 'twitter-bearer-token', prefixes: ['AAAAAAAAAAAAAAAAAAAAA'], source: `A{21}[A-Za-z0-9%]{30,}`, validate: (m) => m.includes('%') && /[a-z]/.test(m) },
  { name: 'dynatrace-token', prefixes: ['dt0c01.'], source: `dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}${R}` },
  { name: 'jfrog-token', prefixes: ['AKCp'], source: `AKCp[A-Za-z0-9]{60,}` },
  { name: 'jfrog-token', prefixes: ['cmVmdGtuOjAxOj'], source: `cmVmdGtuOjAxOj[A-Za-z0-9]{40,}` },
  { name: 'hubspot-token', prefixes: ['pat-'], source: `(?<![A-Za-z0-9_.-])pat-(?:na|eu|ap)\\d-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}${R}` },
  { name: 'easypost-key', prefixes: ['EZAK', 'EZTK'], source: `(?<![A-Za-z0-9_.-])EZ[AT]K[A-Za-z0-9]{54}${R}` },
  { name: 'shippo-token', prefixes: ['shippo_'], source: `shippo_(?:live|test)_[a-f0-9]{40}${R}` },
  { name: 'typeform-token', prefixes: ['tfp_'], source: `(?<![A-Za-z0-9_.-])tfp_[A-Za-z0-9_-]{40,}` },
  { name: 'scalingo-token', prefixes: ['tk-us-'], source: `tk-us-[A-Za-z0-9_-]{48}${R}` },
  { name: 'frameio-token', prefixes: ['fio-u-'], source: `fio-u-[A-Za-z0-9_=-]{64}${R}` },
  { name: 'infracost-key', prefixes: ['ico-'], source: `(?<![A-Za-z0-9_.-])ico-[A-Za-z0-9]{32}${R}` },
  { name: 'lob-key', prefixes: ['live_', 'test_'], source: `(?<![A-Za-z0-9_.-])(?:live|test)_[a-f0-9]{35}${R}` },
  { name: 'gocardless-token', prefixes: ['live_'], source: `(?<![A-Za-z0-9_.-])live_[A-Za-z0-9_=-]{40}${R}`, validate: mixed },
  { name: 'adafruit-key', prefixes: ['aio_'], source: `(?<![A-Za-z0-9_.-])aio_[A-Za-z0-9]{28}${R}` },
  { name: 'clojars-token', prefixes: ['CLOJARS_'], source: `CLOJARS_[a-z0-9]{60}${R}` },
  { name: 'duffel-token', prefixes: ['duffel_'], source: `duffel_(?:test|live)_[A-Za-z0-9_=-]{43}${R}` },
  { name: 'flyio-token', prefixes: ['fo1_', 'fm2_'], source: `(?<![A-Za-z0-9_.-])f(?:o1|m2)_[A-Za-z0-9_=+/-]{40,}` },
  { name: 'harness-token', prefixes: ['pat.', 'sat.'], source: `(?<![A-Za-z0-9_.-])(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[a-f0-9]{24}\\.[A-Za-z0-9]{20}${R}` },
  { name: 'cloudflare-origin-ca-key', prefixes: ['v1.0-'], source: `v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}${R}` },
  { name: 'stackhawk-key', prefixes: ['hawk.'], source: `(?<![A-Za-z0-9_.-])hawk\\.[A-Za-z0-9_-]{20}\\.[A-Za-z0-9_-]{20}${R}` },
  { name: 'ai-provider-key', prefixes: ['xai-'], source: `xai-[A-Za-z0-9]{60,}` },
  { name: 'ai-provider-key', prefixes: ['r8_'], source: `r8_[A-Za-z0-9]{37}${R}` },
  { name: 'ai-provider-key', prefixes: ['gsk_'], source: `gsk_[A-Za-z0-9]{48,}` },
  { name: 'ai-provider-key', prefixes: ['pplx-'], source: `pplx-[A-Za-z0-9]{40,}` },
  { name: 'ai-provider-key', prefixes: ['nvapi-'], source: `nvapi-[A-Za-z0-9_-]{60,}` },
  { name: 'ai-provider-key', prefixes: ['lsv2_'], source: `lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${R}` },
  { name: 'ai-provider-key', prefixes: ['fw_'], source: `fw_[A-Za-z0-9]{24,}`, validate: mixed },
  { name: 'huggingface-token', prefixes: ['hf_', 'api_org_'], source: `(?:hf_|api_org_)[A-Za-z0-9]{30,}` },
  { name: 'google-api-key', prefixes: ['AIza'], source: `AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])` },
  { name: 'google-oauth-secret', prefixes: ['GOCSPX-'], source: `GOCSPX-[A-Za-z0-9_-]{24,}` },
  { name: 'google-oauth-token', prefixes: ['ya29.'], source: `ya29\\.[0-9A-Za-z_-]{20,}` },
  { name: 'google-oauth-token', prefixes: ['1//0'], source: `1//0[0-9A-Za-z_-]{40,}` },
  { name: 'twilio-api-key', prefixes: ['SK'], source: `SK[0-9a-fA-F]{32}${R}` },
  { name: 'sendgrid-key', prefixes: ['SG.'], source: `SG\\.[A-Za-z0-9_-]{16,32}\\.[A-Za-z0-9_-]{16,64}` },
  { name: 'mailgun-key', prefixes: ['key-'], source: `key-[0-9a-f]{32}${R}` },
  { name: 'brevo-key', prefixes: ['xkeysib-'], source: `xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}${R}` },
  { name: 'mandrill-key', prefixes: ['md-'], source: `md-[A-Za-z0-9]{22}${R}`, validate: mixed },
  { name: 'npm-token', prefixes: ['npm_'], source: `npm_[A-Za-z0-9]{36}${R}`, validate: prefixedCrc32TokenValid },
  { name: 'pypi-token', prefixes: ['pypi-AgE'], source: `pypi-AgE[A-Za-z0-9_-]{50,}` },
  { name: 'rubygems-token', prefixes: ['rubygems_'], source: `rubygems_[a-f0-9]{48}${R}` },
  { name: 'nuget-key', prefixes: ['oy2'], source: `oy2[a-z0-9]{43}${R}` },
  { name: 'jwt', prefixes: ['eyJ'], source: `eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*)?`, validate: jwtHeaderValid },
  // a JWE whose key is agreed rather than sent (`alg: dir`, `ECDH-ES`): its second segment is empty
  { name: 'jwt', prefixes: ['eyJ'], source: `eyJ[A-Za-z0-9_-]{8,}\\.\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}`, validate: jwtHeaderValid },
  // a JSON credentials file (a Google service account's) base64-encoded into one variable: `{"` or `{\n` in base64
  { name: 'private-key', prefixes: ['eyJ', 'ewo'], source: `(?:eyJ|ewo)[A-Za-z0-9+/]{300,}={0,2}`, validate: base64JsonPrivateKey },
  { name: 'age-secret-key', prefixes: ['AGE-SECRET-KEY-1'], source: `AGE-SECRET-KEY-1[0-9A-Z]{58}${R}` },
  { name: 'vault-token', prefixes: ['hvs.', 'hvb.', 'hvr.'], source: `hv[sbr]\\.[A-Za-z0-9_-]{24,}` },
  { name: 'vault-token', prefixes: ['s.'], source: `(?<![._/-])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9._/-])`, validate: mixed },
  { name: 'discord-token', prefixes: ['M', 'N', 'O'], source: `[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}${R}` },
  { name: 'shopify-token', prefixes: ['shp'], source: `shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${R}` },
  { name: 'square-token', prefixes: ['sq0'], source: `sq0(?:atp|csp|idp)-[A-Za-z0-9_-]{22,60}` },
  { name: 'square-token', prefixes: ['EAAA'], source: `EAAA[A-Za-z0-9_-]{60}${R}` },
  { name: 'digitalocean-token', prefixes: ['dop_', 'doo_', 'dor_'], source: `do[por]_v1_[a-f0-9]{64}${R}` },
  { name: 'databricks-token', prefixes: ['dapi'], source: `dapi[a-f0-9]{32}(?:-\\d)?${R}` },
  { name: 'dockerhub-token', prefixes: ['dckr_'], source: `dckr_(?:pat|oat)_[A-Za-z0-9_-]{20,}` },
  { name: 'linear-key', prefixes: ['lin_'], source: `lin_(?:api|oauth)_[A-Za-z0-9]{40}${R}` },
  { name: 'notion-token', prefixes: ['secret_', 'ntn_'], source: `(?:secret_[A-Za-z0-9]{43}|ntn_[A-Za-z0-9]{40,})${R}` },
  { name: 'sentry-token', prefixes: ['sntry'], source: `sntry[us]_[A-Za-z0-9_=+/-]{40,}` },
  { name: 'grafana-token', prefixes: ['glc_'], source: `glc_[A-Za-z0-9+/]{32,}={0,2}` },
  { name: 'grafana-token', prefixes: ['glsa_'], source: `glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${R}` },
  { name: 'grafana-token', prefixes: ['eyJrIjoi'], source: `eyJrIjoi[A-Za-z0-9]{50,}={0,2}` },
  { name: 'newrelic-key', prefixes: ['NR'], source: `NR(?:AK|II|AA|JS|RA)-[A-Za-z0-9]{19,32}${R}` },
  { name: 'atlassian-token', prefixes: ['ATATT3', 'ATCTT3'], source: `AT(?:ATT|CTT)3[A-Za-z0-9_=-]{100,}` },
  { name: 'bitbucket-token', prefixes: ['ATBB'], source: `ATBB[A-Za-z0-9_=.-]{28,}` },
  { name: 'postman-key', prefixes: ['PMAK-'], source: `PMAK-[a-f0-9]{24}-[a-f0-9]{34}${R}` },
  { name: 'heroku-key', prefixes: ['HRKU-'], source: `HRKU-[A-Za-z0-9_-]{40,}` },
  { name: 'doppler-token', prefixes: ['dp.'], source: `dp\\.(?:st|ct|sa|scim|audit|pt)\\.[A-Za-z0-9_.-]{30,}` },
  { name: 'alibaba-access-key', prefixes: ['LTAI'], source: `LTAI[A-Za-z0-9]{12,20}${R}` },
  { name: 'vercel-token', prefixes: ['vc'], source: `vc[kpiar]_[A-Za-z0-9]{24,}` },
  { name: 'supabase-token', prefixes: ['sbp_', 'sb_secret_'], source: `(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{20,})` },
  { name: 'planetscale-token', prefixes: ['pscale_'], source: `pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,}` },
  { name: 'tailscale-key', prefixes: ['tskey-'], source: `tskey-(?:api|auth|client|webhook)-[A-Za-z0-9]+-[A-Za-z0-9]+` },
  { name: 'pulumi-token', prefixes: ['pul-'], source: `pul-[a-f0-9]{40}${R}` },
  { name: 'buildkite-token', prefixes: ['bkua_'], source: `bkua_[a-f0-9]{40}${R}` },
  { name: 'circleci-token', prefixes: ['CCIPAT_'], source: `CCIPAT_[A-Za-z0-9_]{20,}` },
  { name: 'contentful-token', prefixes: ['CFPAT-'], source: `CFPAT-[A-Za-z0-9_-]{43}${R}` },
  { name: 'onepassword-token', prefixes: ['ops_eyJ'], source: `ops_eyJ[A-Za-z0-9+/=_-]{100,}` },
  { name: 'airtable-token', prefixes: ['pat'], source: `pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${R}` },
  { name: 'mapbox-secret-token', prefixes: ['sk.eyJ'], source: `sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}` },
  { name: 'dropbox-token', prefixes: ['sl.'], source: `sl\\.[A-Za-z0-9_-]{130,}` },
  { name: 'facebook-token', prefixes: ['EAA'], source: `EAA[A-Za-z0-9]{100,}` },
  { name: 'firebase-server-key', prefixes: ['AAAA'], source: `AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}` },
  { name: 'flutterwave-key', prefixes: ['FLWSECK'], source: `FLWSECK(?:_TEST)?-[a-h0-9]{32}-X${R}` },
  { name: 'braintree-token', prefixes: ['access_token$'], source: `access_token\\$(?:production|sandbox)\\$[0-9a-z]{16}\\$[0-9a-f]{32}${R}` },
  { name: 'plaid-token', prefixes: ['access-'], source: `access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}${R}` },
  { name: 'prefect-key', prefixes: ['pnu_'], source: `pnu_[A-Za-z0-9]{36}${R}` },
  { name: 'sourcegraph-token', prefixes: ['sgp_'], source: `sgp_[A-Za-z0-9_]{40,}` },
  { name: 'netlify-token', prefixes: ['nfp_'], source: `nfp_[A-Za-z0-9]{36,}` },
  { name: 'render-key', prefixes: ['rnd_'], source: `rnd_[A-Za-z0-9]{28,}` },
  { name: 'figma-token', prefixes: ['figd_'], source: `figd_[A-Za-z0-9_-]{30,}` },
  { name: 'readme-key', prefixes: ['rdme_'], source: `rdme_[a-z0-9]{70}${R}` },
];

/** Rules whose secret sits after a context (a webhook path) or has no literal start; gated by a literal. */
export const CONTEXTUAL_RULES: readonly ContextualRule[] = [
  // services/T…/B…/<secret>, triggers/T…/<id>/<secret>, workflows/T…/A…/<id>/<secret>: the secret is the last segment
  { name: 'slack-webhook', gate: 'hooks.slack.com/', source: `(?<=hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9]+/[A-Za-z0-9]+/(?:\\d+/)?)[A-Za-z0-9]{16,}(?![A-Za-z0-9/])` },
  { name: 'azure-ad-client-secret', gate: 'Q~', source: `(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])` },
  { name: 'mailchimp-key', gate: '-us', source: `(?<![A-Za-z0-9])[0-9a-f]{32}-us\\d{1,2}${R}` },
  { name: 'discord-webhook', gate: '/webhooks/', source: `(?<=discord(?:app)?\\.com/api/(?:v\\d+/)?webhooks/\\d+/)[A-Za-z0-9_-]{40,}` },
  { name: 'telegram-bot-token', gate: ':AA', source: `(?<![0-9])\\d{6,12}:AA[A-Za-z0-9_-]{30,40}(?![A-Za-z0-9_-])` },
  // a private key's PEM, base64-encoded once more (Kubernetes `tls.key`, kubeconfig `client-key-data`, CI variables)
  { name: 'private-key', gate: 'LS0tLS1CRUdJTi', source: `LS0tLS1CRUdJTi[A-Za-z0-9+/]{40,}={0,2}`, validate: base64PemPrivateKey },
  // a New Relic license (ingest) key: 36 hex digits and the suffix `NRAL`
  { name: 'newrelic-key', gate: 'NRAL', source: `(?<![A-Za-z0-9])[a-f0-9]{36}NRAL${R}` },
  { name: 'teams-webhook', gate: '/IncomingWebhook/', source: `(?<=/IncomingWebhook/)[A-Za-z0-9]{32}(?=/)` },
  // chat and automation webhooks whose URL is the credential: Mattermost's `/hooks/<26-character id>` on any
  // host, IFTTT's Maker key, Webex's incoming webhooks
  { name: 'mattermost-webhook', gate: '/hooks/', source: `(?<=https?://[^\\s/]{1,253}/hooks/)[a-z0-9]{26}(?![A-Za-z0-9/])` },
  { name: 'ifttt-webhook', gate: 'maker.ifttt.com/', source: `(?<=maker\\.ifttt\\.com/(?:trigger/[^/\\s]+/(?:json/)?with/key|use)/)[A-Za-z0-9_-]{16,}` },
  { name: 'webex-webhook', gate: 'webexapis.com/', source: `(?<=webexapis\\.com/v1/webhooks/incoming/)[A-Za-z0-9_=-]{40,}` },
  { name: 'terraform-token', gate: '.atlasv1.', source: `(?<![A-Za-z0-9])[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}` },
];

import { z } from 'zod';
import { ValidationError } from '../core/errors';

/**
 * What differs between deployments of the Teams app, read from the environment when the package
 * is built. A missing or malformed variable stops packaging with one message that names every
 * variable at fault and what it should hold, so a deployer fixes them all in one go.
 *
 * The developer name and the three URLs have no default on purpose: they are the publisher's
 * identity and legal pages (an insider-risk tool processes employee data, so the privacy statement
 * must be the deploying organization's), and Teams shows them to every user of the app.
 */
export interface PackagingConfig {
  /** The bot's Entra (Microsoft) app id: `bots[0].botId` and `webApplicationInfo.id`. */
  readonly botAppId: string;
  /** The Teams app's own id (`id`); the bot's app id unless set apart. */
  readonly teamsAppId: string;
  /** Host name that serves the bot's messaging endpoint, e.g. irm.contoso.com. */
  readonly publicHost: string;
  /** major.minor.patch; Teams only offers an update when this goes up. */
  readonly appVersion: string;
  readonly developerName: string;
  readonly websiteUrl: string;
  readonly privacyUrl: string;
  readonly termsUrl: string;
}

export interface PackagingDefaults {
  /** The version used when IRM_APP_VERSION is unset (package.json's). */
  readonly appVersion: string;
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// The pattern the v1.22 schema defines for versions: three numbers, no leading zeros, no suffix.
const SEMVER = /^([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)\.([0-9]|[1-9][0-9]*)$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** The reserved names of RFC 2606/6761: placeholders, never a real publisher's page or bot. */
function isReservedHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === 'localhost') return true;
  if (['example.com', 'example.net', 'example.org'].some((d) => h === d || h.endsWith(`.${d}`))) return true;
  return ['example', 'test', 'invalid', 'localhost'].includes(h.slice(h.lastIndexOf('.') + 1));
}

/** Blank counts as unset, so `FOO= npm run package` does not smuggle in an empty value. */
const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const required = (what: string): z.ZodString => z.string({ error: `required: ${what}` });

const guid = (what: string) => required(what).regex(GUID, `expected ${what}`);

const httpsUrl = (what: string) =>
  required(what)
    .max(2048, `expected ${what}, at most 2048 characters`)
    .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', { message: `expected ${what}, an https:// URL`, abort: true })
    .refine((v) => !isReservedHost(new URL(v).hostname), `expected ${what}; example/test domains are placeholders, not a real page`);

const BOT_APP_ID = "the bot's Entra app id (the Azure Bot's Microsoft App ID), a GUID such as 00000000-0000-0000-0000-000000000000";
const TEAMS_APP_ID = 'a GUID for the Teams app id (default: MicrosoftAppId)';
const PUBLIC_HOST = 'the host name the bot is reached at, such as irm.contoso.com (no https://, port or path)';
const APP_VERSION = "the app version as major.minor.patch, such as 1.4.0 (default: package.json's version)";
const DEVELOPER_NAME = 'the publisher shown in Teams, such as Contoso Security, at most 32 characters';
const WEBSITE_URL = "the publisher's support or product page";
const PRIVACY_URL = "the deploying organization's privacy statement for this app";
const TERMS_URL = 'the terms of use for this app';

const PackagingEnvSchema = z.object({
  MicrosoftAppId: text.pipe(guid(BOT_APP_ID)),
  IRM_TEAMS_APP_ID: text.pipe(z.string().regex(GUID, `expected ${TEAMS_APP_ID}`).optional()),
  IRM_PUBLIC_HOST: text.pipe(
    required(PUBLIC_HOST)
      .transform((v) => v.toLowerCase())
      .pipe(
        z
          .string()
          .regex(HOST_NAME, { message: `expected ${PUBLIC_HOST}`, abort: true })
          .refine((v) => !isReservedHost(v), `expected ${PUBLIC_HOST}; example/test domains are placeholders`),
      ),
  ),
  IRM_APP_VERSION: text.pipe(required(APP_VERSION).regex(SEMVER, `expected ${APP_VERSION}`)),
  IRM_DEVELOPER_NAME: text.pipe(required(DEVELOPER_NAME).max(32, `expected ${DEVELOPER_NAME}`)),
  IRM_WEBSITE_URL: text.pipe(httpsUrl(WEBSITE_URL)),
  IRM_PRIVACY_URL: text.pipe(httpsUrl(PRIVACY_URL)),
  IRM_TERMS_URL: text.pipe(httpsUrl(TERMS_URL)),
});

/** The variables packaging reads, for help texts. */
export const PACKAGING_VARIABLES: readonly string[] = Object.keys(PackagingEnvSchema.shape);

/** Reads and validates the packaging variables. Throws ValidationError naming every bad one. */
export function loadPackagingConfig(env: NodeJS.ProcessEnv, defaults: PackagingDefaults): PackagingConfig {
  const version = env.IRM_APP_VERSION?.trim() ? env.IRM_APP_VERSION : defaults.appVersion;
  const input: NodeJS.ProcessEnv = { ...env, IRM_APP_VERSION: version };
  const parsed = PackagingEnvSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'environment'), reason: issue.message }));
    const lines = issues.map((i) => `  ${i.field}: ${i.reason}${describeValue(input[i.field])}`);
    throw new ValidationError(`Cannot package the Teams app; fix these environment variables:\n${lines.join('\n')}`, issues);
  }
  const e = parsed.data;
  return {
    botAppId: e.MicrosoftAppId,
    teamsAppId: e.IRM_TEAMS_APP_ID ?? e.MicrosoftAppId,
    publicHost: e.IRM_PUBLIC_HOST,
    appVersion: e.IRM_APP_VERSION,
    developerName: e.IRM_DEVELOPER_NAME,
    websiteUrl: e.IRM_WEBSITE_URL,
    privacyUrl: e.IRM_PRIVACY_URL,
    termsUrl: e.IRM_TERMS_URL,
  };
}

// None of these variables is secret, so echoing the bad value helps the deployer.
function describeValue(value: string | undefined): string {
  if (value === undefined || value.trim() === '') return ' (not set)';
  return ` (got '${value.length > 60 ? `${value.slice(0, 60)}…` : value}')`;
}

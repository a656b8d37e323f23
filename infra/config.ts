import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../core/errors';

/**
 * Every setting the server and the CLI read from the environment, validated once at start.
 * A bad or missing variable stops the process with a message naming each variable and what was
 * expected; nothing starts half-configured.
 */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A whole number within [min, max], or `fallback` when the variable is unset. */
const intVariable = (fallback: number, min: number, max: number, what: string) =>
  optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const DomainListSchema = optionalText.pipe(
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? undefined : v.split(',').map((d) => d.trim().toLowerCase()).filter((d) => d !== '')))
    .pipe(
      z
        .array(z.string().regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a comma-separated list of domain names such as contoso.com'))
        .optional(),
    ),
);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const GuidListSchema = optionalText.pipe(
  z
    .string()
    .optional()
    .transform((v) => (v === undefined ? [] : v.split(',').map((d) => d.trim().toLowerCase()).filter((d) => d !== '')))
    .pipe(z.array(z.string().regex(GUID, 'expected a comma-separated list of Entra object ids (GUIDs)'))),
);

const EnvSchema = z.object({
  PORT: intVariable(3978, 0, 65535, 'a TCP port (0: any free port)'),
  HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  IRM_DATA_DIR: optionalText.pipe(z.string().default('data')),
  IRM_SQLITE_PATH: optionalText,
  COSMOS_ENDPOINT: optionalText.pipe(z.url({ error: 'expected the account URL, e.g. https://myaccount.documents.azure.com:443/' }).optional()),
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: optionalText.pipe(z.string().regex(/^[^/\\#?]{1,255}$/, 'expected a database id without / \\ # ?').default('irm')),
  IRM_INGEST_KEY: optionalText.pipe(z.string().min(32, 'expected at least 32 characters (a random secret)').optional()),
  IRM_INTERNAL_DOMAINS: DomainListSchema,
  IRM_MAX_UPLOAD_MB: intVariable(256, 1, 2048, 'megabytes'),
  // Bot Framework registration; the names are botbuilder's own, as in every Bot Framework sample.
  MicrosoftAppId: optionalText.pipe(z.string().regex(GUID, 'expected the bot registration\'s app id (a GUID)').optional()),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optionalText.pipe(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], { error: 'expected MultiTenant, SingleTenant or UserAssignedMSI' }).default('MultiTenant')),
  MicrosoftAppTenantId: optionalText.pipe(z.string().regex(GUID, 'expected the tenant id (a GUID)').optional()),
  IRM_PSEUDONYM_KEY: optionalText.pipe(z.string().min(32, 'expected at least 32 characters (a random secret)').optional()),
  IRM_ADMINS: GuidListSchema,
  IRM_PUBLIC_URL: optionalText.pipe(z.url({ error: 'expected the URL people reach the server at, e.g. https://irm.contoso.com' }).optional()),
  IRM_OUTBOX_POLL_MS: intVariable(250, 20, 60_000, 'milliseconds'),
});

/** Rules between variables, checked even when single variables are bad, so one run lists all. */
function crossFieldIssues(env: NodeJS.ProcessEnv): { field: string; reason: string }[] {
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const issues: { field: string; reason: string }[] = [];
  if (set('COSMOS_ENDPOINT') && !set('COSMOS_KEY')) {
    issues.push({ field: 'COSMOS_KEY', reason: 'required when COSMOS_ENDPOINT is set (the account key)' });
  }
  if (set('MicrosoftAppId') && !set('MicrosoftAppPassword') && (env.MicrosoftAppType ?? 'MultiTenant').trim() !== 'UserAssignedMSI') {
    issues.push({ field: 'MicrosoftAppPassword', reason: 'required when MicrosoftAppId is set (the client secret), unless MicrosoftAppType is UserAssignedMSI' });
  }
  if ((env.MicrosoftAppType ?? '').trim() === 'SingleTenant' && !set('MicrosoftAppTenantId')) {
    issues.push({ field: 'MicrosoftAppTenantId', reason: 'required when MicrosoftAppType is SingleTenant' });
  }
  if (set('COSMOS_KEY') && !set('COSMOS_ENDPOINT')) {
    issues.push({ field: 'COSMOS_ENDPOINT', reason: 'required when COSMOS_KEY is set (the account URL)' });
  }
  return issues;
}

export interface AppConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly store:
    | { readonly kind: 'sqlite'; readonly path: string }
    | { readonly kind: 'cosmos'; readonly endpoint: string; readonly key: string; readonly databaseId: string };
  /** Bearer key for the ingestion endpoints; absent means "generate one under dataDir". */
  readonly ingestKey?: string;
  readonly internalDomains?: readonly string[];
  readonly maxUploadBytes: number;
  readonly bot: {
    /** '' when no app id is configured: local development, /api/messages runs without token checks. */
    readonly appId: string;
    readonly appPassword?: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
  };
  readonly pseudonymKey?: string;
  /** Entra object ids made members of the irm role group at start while nobody administers the product. */
  readonly bootstrapAdmins: readonly string[];
  readonly publicUrl: string;
  readonly outboxPollMs: number;
}

/** Reads and validates the configuration. Throws ValidationError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'environment'), reason: issue.message }))),
    ...crossFieldIssues(env),
  ];
  if (!parsed.success || issues.length > 0) {
    const lines = issues.map((i) => `  ${i.field}: ${i.reason}${describeValue(i.field, env[i.field])}`);
    throw new ValidationError(`Configuration error:\n${lines.join('\n')}`, issues);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.IRM_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    store:
      e.COSMOS_ENDPOINT !== undefined && e.COSMOS_KEY !== undefined
        ? { kind: 'cosmos', endpoint: e.COSMOS_ENDPOINT, key: e.COSMOS_KEY, databaseId: e.COSMOS_DATABASE }
        : { kind: 'sqlite', path: path.resolve(e.IRM_SQLITE_PATH ?? path.join(dataDir, 'irm.db')) },
    ingestKey: e.IRM_INGEST_KEY,
    internalDomains: e.IRM_INTERNAL_DOMAINS,
    maxUploadBytes: e.IRM_MAX_UPLOAD_MB * 1024 * 1024,
    bot: {
      appId: e.MicrosoftAppId ?? '',
      ...(e.MicrosoftAppPassword === undefined ? {} : { appPassword: e.MicrosoftAppPassword }),
      appType: e.MicrosoftAppType,
      ...(e.MicrosoftAppTenantId === undefined ? {} : { tenantId: e.MicrosoftAppTenantId }),
    },
    ...(e.IRM_PSEUDONYM_KEY === undefined ? {} : { pseudonymKey: e.IRM_PSEUDONYM_KEY }),
    bootstrapAdmins: e.IRM_ADMINS,
    publicUrl: e.IRM_PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`,
    outboxPollMs: e.IRM_OUTBOX_POLL_MS,
  };
}

const SECRET_VARIABLES = new Set(['COSMOS_KEY', 'IRM_INGEST_KEY', 'MicrosoftAppPassword', 'IRM_PSEUDONYM_KEY']);

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  // Never echo secrets back; for the rest the offending value helps.
  if (SECRET_VARIABLES.has(name)) return ` (set, ${value.length} characters)`;
  return ` (got '${value.length > 60 ? `${value.slice(0, 60)}…` : value}')`;
}

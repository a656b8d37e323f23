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

const EnvSchema = z.object({
  PORT: intVariable(3978, 1, 65535, 'a TCP port'),
  HOST: optionalText.pipe(z.string().default('127.0.0.1')),
  IRM_DATA_DIR: optionalText.pipe(z.string().default('data')),
  IRM_SQLITE_PATH: optionalText,
  COSMOS_ENDPOINT: optionalText.pipe(z.url({ error: 'expected the account URL, e.g. https://myaccount.documents.azure.com:443/' }).optional()),
  COSMOS_KEY: optionalText,
  COSMOS_DATABASE: optionalText.pipe(z.string().regex(/^[^/\\#?]{1,255}$/, 'expected a database id without / \\ # ?').default('irm')),
  IRM_INGEST_KEY: optionalText.pipe(z.string().min(32, 'expected at least 32 characters (a random secret)').optional()),
  IRM_INTERNAL_DOMAINS: DomainListSchema,
  IRM_MAX_UPLOAD_MB: intVariable(256, 1, 2048, 'megabytes'),
});

/** Rules between variables, checked even when single variables are bad, so one run lists all. */
function crossFieldIssues(env: NodeJS.ProcessEnv): { field: string; reason: string }[] {
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const issues: { field: string; reason: string }[] = [];
  if (set('COSMOS_ENDPOINT') && !set('COSMOS_KEY')) {
    issues.push({ field: 'COSMOS_KEY', reason: 'required when COSMOS_ENDPOINT is set (the account key)' });
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
  };
}

const SECRET_VARIABLES = new Set(['COSMOS_KEY', 'IRM_INGEST_KEY']);

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  // Never echo secrets back; for the rest the offending value helps.
  if (SECRET_VARIABLES.has(name)) return ` (set, ${value.length} characters)`;
  return ` (got '${value.length > 60 ? `${value.slice(0, 60)}…` : value}')`;
}

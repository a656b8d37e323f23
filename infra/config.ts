import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../core/errors';
import type { RoleGroup } from '../core/access/role-groups';

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

const BooleanVariable = optionalText
  .transform((v) => v?.toLowerCase())
  .pipe(z.enum(['true', 'false'], { error: 'expected true or false' }).optional())
  .transform((v) => v === 'true');

/** An Entra group's object id, for a role group mapped to Entra. */
const EntraGroupVariable = optionalText.pipe(z.string().regex(GUID, "expected the Entra group's object id (a GUID)").optional());

/** The client only sends its token over https (toolchain notes §6), and adds /v1.0 itself. */
const GraphBaseUrlSchema = optionalText.pipe(
  z
    .url({ protocol: /^https$/, error: 'expected an https URL such as https://graph.microsoft.com (the Graph client sends no token over http)' })
    .refine((v) => URL.canParse(v) && new URL(v).pathname === '/' && !v.includes('?'), {
      error: 'expected scheme, host and port only, without a path (the client adds /v1.0)',
    })
    .transform((v) => (URL.canParse(v) ? new URL(v).origin : v))
    .default('https://graph.microsoft.com'),
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
  // Microsoft Graph: case teams, notice mail, the live directory, role groups mapped to Entra.
  GRAPH_TENANT_ID: optionalText.pipe(z.string().regex(GUID, 'expected the tenant id (a GUID)').optional()),
  GRAPH_CLIENT_ID: optionalText.pipe(z.string().regex(GUID, "expected the app registration's client id (a GUID)").optional()),
  GRAPH_CLIENT_SECRET: optionalText,
  GRAPH_USE_MANAGED_IDENTITY: BooleanVariable,
  GRAPH_BASE_URL: GraphBaseUrlSchema,
  IRM_TEAMS_APP_ID: optionalText.pipe(z.string().regex(GUID, "expected the Teams app's id in the org app catalog (a GUID)").optional()),
  IRM_CASE_TEAM_OWNER: optionalText.pipe(z.string().regex(GUID, "expected the case teams' owner's Entra object id (a GUID)").optional()),
  IRM_CASE_TEAM_POLL_MS: optionalText.pipe(
    z.string().regex(/^\d+$/, 'expected milliseconds, a whole number from 1 to 600000').transform(Number).pipe(z.number().int().min(1, 'expected at least 1 ms').max(600_000, 'expected at most 600000 ms')).optional(),
  ),
  IRM_NOTICE_MAILBOX: optionalText.pipe(z.email({ error: 'expected the sending mailbox, e.g. irm-notices@contoso.com' }).optional()),
  // Flows: the mailbox they send from and keep calendars in, their ServiceNow connection, the Http action's reach.
  IRM_FLOW_MAILBOX: optionalText.pipe(z.email({ error: 'expected the mailbox flows send from, e.g. irm-flows@contoso.com' }).optional()),
  IRM_FLOW_RESUME_POLL_MS: intVariable(5_000, 100, 600_000, 'milliseconds'),
  IRM_FLOWS_KEY: optionalText.pipe(z.string().min(32, 'expected at least 32 characters (a random secret)').optional()),
  IRM_FLOW_CALLBACK_HOSTS: DomainListSchema,
  IRM_FLOW_HTTP_ALLOWED_HOSTS: DomainListSchema,
  IRM_SERVICENOW_INSTANCE: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'expected the instance URL, e.g. https://contoso.service-now.com' })
      .transform((v) => (URL.canParse(v) ? new URL(v).origin : v))
      .optional(),
  ),
  IRM_SERVICENOW_USER: optionalText,
  IRM_SERVICENOW_PASSWORD: optionalText,
  IRM_SERVICENOW_TOKEN: optionalText,
  IRM_ROLE_GROUP_IRM: EntraGroupVariable,
  IRM_ROLE_GROUP_ADMINS: EntraGroupVariable,
  IRM_ROLE_GROUP_ANALYSTS: EntraGroupVariable,
  IRM_ROLE_GROUP_INVESTIGATORS: EntraGroupVariable,
  IRM_ROLE_GROUP_AUDITORS: EntraGroupVariable,
  IRM_ROLE_GROUP_APPROVERS: EntraGroupVariable,
});

/** IRM_ROLE_GROUP_* variable per role group. */
const ROLE_GROUP_VARIABLES = {
  irm: 'IRM_ROLE_GROUP_IRM',
  admins: 'IRM_ROLE_GROUP_ADMINS',
  analysts: 'IRM_ROLE_GROUP_ANALYSTS',
  investigators: 'IRM_ROLE_GROUP_INVESTIGATORS',
  auditors: 'IRM_ROLE_GROUP_AUDITORS',
  approvers: 'IRM_ROLE_GROUP_APPROVERS',
} as const satisfies Record<RoleGroup, string>;

/** Graph rules between variables; see crossFieldIssues. */
function graphIssues(env: NodeJS.ProcessEnv, set: (name: string) => boolean): { field: string; reason: string }[] {
  const issues: { field: string; reason: string }[] = [];
  const managed = (env.GRAPH_USE_MANAGED_IDENTITY ?? '').trim().toLowerCase() === 'true';
  const secret = set('GRAPH_CLIENT_SECRET');
  if (secret && managed) {
    issues.push({ field: 'GRAPH_USE_MANAGED_IDENTITY', reason: 'set either GRAPH_CLIENT_SECRET or GRAPH_USE_MANAGED_IDENTITY=true, not both' });
  }
  if (secret && !set('GRAPH_TENANT_ID')) issues.push({ field: 'GRAPH_TENANT_ID', reason: 'required when GRAPH_CLIENT_SECRET is set (the tenant id)' });
  if (secret && !set('GRAPH_CLIENT_ID')) issues.push({ field: 'GRAPH_CLIENT_ID', reason: "required when GRAPH_CLIENT_SECRET is set (the app registration's client id)" });
  if (!secret && !managed && (set('GRAPH_TENANT_ID') || set('GRAPH_CLIENT_ID'))) {
    issues.push({ field: 'GRAPH_CLIENT_SECRET', reason: 'required when GRAPH_TENANT_ID or GRAPH_CLIENT_ID is set, unless GRAPH_USE_MANAGED_IDENTITY=true' });
  }
  if (!secret && !managed) {
    for (const name of ['IRM_TEAMS_APP_ID', 'IRM_CASE_TEAM_OWNER', 'IRM_CASE_TEAM_POLL_MS', 'IRM_NOTICE_MAILBOX', ...Object.values(ROLE_GROUP_VARIABLES)]) {
      if (set(name)) issues.push({ field: name, reason: 'only used through Microsoft Graph: also set GRAPH_CLIENT_SECRET (with GRAPH_TENANT_ID and GRAPH_CLIENT_ID) or GRAPH_USE_MANAGED_IDENTITY=true' });
    }
  }
  return issues;
}

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
  issues.push(...graphIssues(env, set));
  if (set('IRM_SERVICENOW_INSTANCE') && !set('IRM_SERVICENOW_TOKEN') && !(set('IRM_SERVICENOW_USER') && set('IRM_SERVICENOW_PASSWORD'))) {
    issues.push({ field: 'IRM_SERVICENOW_USER', reason: 'IRM_SERVICENOW_INSTANCE needs IRM_SERVICENOW_USER and IRM_SERVICENOW_PASSWORD (basic auth) or IRM_SERVICENOW_TOKEN (OAuth bearer)' });
  }
  if (!set('IRM_SERVICENOW_INSTANCE')) {
    for (const name of ['IRM_SERVICENOW_USER', 'IRM_SERVICENOW_PASSWORD', 'IRM_SERVICENOW_TOKEN']) if (set(name)) issues.push({ field: name, reason: 'only used with IRM_SERVICENOW_INSTANCE (the instance URL)' });
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
  /** IRM_PUBLIC_URL when set; otherwise the server's own address once it listens. */
  readonly publicUrl?: string;
  readonly outboxPollMs: number;
  /**
   * Microsoft Graph, when credentials are configured (infra/graph). Absent: no case teams, no
   * notice mail, no live directory, no role groups mapped to Entra.
   */
  readonly graph?: {
    readonly baseUrl: string;
    readonly credential:
      | { readonly kind: 'clientSecret'; readonly tenantId: string; readonly clientId: string; readonly clientSecret: string }
      | { readonly kind: 'managedIdentity'; readonly clientId?: string };
    /** The Teams app's id in the org catalog, installed into each case team. */
    readonly teamsAppId?: string;
    /** The mailbox notices are sent from. */
    readonly noticeMailbox?: string;
    /** Owner of every case team (IRM_CASE_TEAM_OWNER); default the first irm role-group member. */
    readonly caseTeamOwner?: string;
    /** Pause between checks of a team creation (IRM_CASE_TEAM_POLL_MS); default Graph's advice, 31 s. */
    readonly caseTeamPollMs?: number;
  };
  readonly flows: {
    /** IRM_FLOW_MAILBOX, else the notice mailbox: where flows send mail from and create calendar events. */
    readonly mailbox?: string;
    /** How often waiting runs whose time is due are continued (IRM_FLOW_RESUME_POLL_MS). */
    readonly resumePollMs: number;
    /** Bearer key of the Power Platform custom connector (IRM_FLOWS_KEY); absent: generated under dataDir. */
    readonly connectorKey?: string;
    /** IRM_FLOW_CALLBACK_HOSTS: when set, webhook subscriptions may only call back to these hosts (e.g. logic.azure.com). */
    readonly callbackHosts?: readonly string[];
    /** IRM_FLOW_HTTP_ALLOWED_HOSTS: when set, the Http action may call only these hosts. */
    readonly httpAllowedHosts?: readonly string[];
    readonly serviceNow?: { readonly instanceUrl: string; readonly auth: { readonly type: 'basic'; readonly username: string; readonly password: string } | { readonly type: 'bearer'; readonly token: string } };
  };
  /** Role group → Entra group object id (IRM_ROLE_GROUP_*), checked through Graph's checkMemberGroups. */
  readonly entraRoleGroups: Partial<Readonly<Record<RoleGroup, string>>>;
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
    ...(e.IRM_PUBLIC_URL === undefined ? {} : { publicUrl: e.IRM_PUBLIC_URL }),
    outboxPollMs: e.IRM_OUTBOX_POLL_MS,
    flows: {
      ...((e.IRM_FLOW_MAILBOX ?? e.IRM_NOTICE_MAILBOX) !== undefined && { mailbox: e.IRM_FLOW_MAILBOX ?? e.IRM_NOTICE_MAILBOX }),
      resumePollMs: e.IRM_FLOW_RESUME_POLL_MS,
      ...(e.IRM_FLOWS_KEY !== undefined && { connectorKey: e.IRM_FLOWS_KEY }),
      ...(e.IRM_FLOW_CALLBACK_HOSTS !== undefined && { callbackHosts: e.IRM_FLOW_CALLBACK_HOSTS }),
      ...(e.IRM_FLOW_HTTP_ALLOWED_HOSTS !== undefined && { httpAllowedHosts: e.IRM_FLOW_HTTP_ALLOWED_HOSTS }),
      ...(e.IRM_SERVICENOW_INSTANCE !== undefined && {
        serviceNow: {
          instanceUrl: e.IRM_SERVICENOW_INSTANCE,
          auth: e.IRM_SERVICENOW_TOKEN !== undefined ? { type: 'bearer' as const, token: e.IRM_SERVICENOW_TOKEN } : { type: 'basic' as const, username: e.IRM_SERVICENOW_USER ?? '', password: e.IRM_SERVICENOW_PASSWORD ?? '' },
        },
      }),
    },
    ...graphConfig(e),
  };
}

/** The Graph part of the configuration, from validated variables (the cross-field rules have passed). */
function graphConfig(e: z.infer<typeof EnvSchema>): Pick<AppConfig, 'graph' | 'entraRoleGroups'> {
  const entraRoleGroups: Partial<Record<RoleGroup, string>> = {};
  for (const [group, name] of Object.entries(ROLE_GROUP_VARIABLES) as [RoleGroup, keyof typeof e][]) {
    const id = e[name];
    if (typeof id === 'string') entraRoleGroups[group] = id.toLowerCase();
  }
  const credential =
    e.GRAPH_CLIENT_SECRET !== undefined && e.GRAPH_TENANT_ID !== undefined && e.GRAPH_CLIENT_ID !== undefined
      ? { kind: 'clientSecret' as const, tenantId: e.GRAPH_TENANT_ID, clientId: e.GRAPH_CLIENT_ID, clientSecret: e.GRAPH_CLIENT_SECRET }
      : e.GRAPH_USE_MANAGED_IDENTITY
        ? { kind: 'managedIdentity' as const, ...(e.GRAPH_CLIENT_ID !== undefined && { clientId: e.GRAPH_CLIENT_ID }) }
        : undefined;
  if (credential === undefined) return { entraRoleGroups };
  return {
    graph: {
      baseUrl: e.GRAPH_BASE_URL,
      credential,
      ...(e.IRM_TEAMS_APP_ID !== undefined && { teamsAppId: e.IRM_TEAMS_APP_ID }),
      ...(e.IRM_NOTICE_MAILBOX !== undefined && { noticeMailbox: e.IRM_NOTICE_MAILBOX }),
      ...(e.IRM_CASE_TEAM_OWNER !== undefined && { caseTeamOwner: e.IRM_CASE_TEAM_OWNER.toLowerCase() }),
      ...(e.IRM_CASE_TEAM_POLL_MS !== undefined && { caseTeamPollMs: e.IRM_CASE_TEAM_POLL_MS }),
    },
    entraRoleGroups,
  };
}

const SECRET_VARIABLES = new Set(['COSMOS_KEY', 'IRM_INGEST_KEY', 'MicrosoftAppPassword', 'IRM_PSEUDONYM_KEY', 'GRAPH_CLIENT_SECRET', 'IRM_SERVICENOW_PASSWORD', 'IRM_SERVICENOW_TOKEN', 'IRM_FLOWS_KEY']);

function describeValue(name: string, value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  // Never echo secrets back; for the rest the offending value helps.
  if (SECRET_VARIABLES.has(name)) return ` (set, ${value.length} characters)`;
  return ` (got '${value.length > 60 ? `${value.slice(0, 60)}…` : value}')`;
}

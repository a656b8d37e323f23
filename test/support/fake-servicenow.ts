import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local fake of the ServiceNow REST Table API subset the service-now connector uses, over plain
 * HTTP on 127.0.0.1 and a random port:
 *
 * - `POST /api/now/table/{table}`: creates a record — `sys_id` (32 hex), `number` from the table's
 *   prefix (incident INC, sn_si_incident SIR, task TASK, starting at 0010001), `sys_created_on` /
 *   `sys_updated_on` (`yyyy-MM-dd HH:mm:ss`, UTC), `sys_created_by` (the user), `sys_class_name`,
 *   and the posted fields (values as strings, as the Table API answers them) → 201 `{ result }`.
 * - `GET /api/now/table/{table}/{sys_id}` → 200 `{ result }`, or 404.
 * - `GET /api/now/table/{table}?sysparm_query=field=value[^field=value…]` → 200 `{ result: [...] }`.
 * - Basic auth required (or a bearer token when `tokens` lists it): 401 with ServiceNow's error
 *   shape `{ error: { message, detail }, status: 'failure' }`. Unknown table → 400, other paths → 400.
 *
 * Faults on demand: `failNext(n, status, retryAfterSeconds?)` answers the next n requests with
 * that status (and Retry-After); `stallNext(n)` holds the next n requests without answering until
 * `close()`, to test client timeouts. Every request is recorded.
 */

export interface FakeServiceNowOptions {
  /** Accepted basic credentials. Default one user `flow.bot` / `secret`. */
  readonly users?: readonly { readonly username: string; readonly password: string }[];
  /** Accepted bearer tokens. Default none. */
  readonly tokens?: readonly string[];
  /** Tables that exist. Default incident, sn_si_incident, task. */
  readonly tables?: readonly string[];
}

export interface RecordedServiceNowRequest {
  readonly method: string;
  /** As sent, query included. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly status: number;
  readonly fault?: 'injected' | 'stalled';
}

export type ServiceNowRecord = Readonly<Record<string, string>>;

export interface FakeServiceNow {
  /** `http://127.0.0.1:PORT`, the instance URL. */
  readonly url: string;
  requests(): readonly RecordedServiceNowRequest[];
  /** Records of a table (or of all tables), in creation order. */
  records(table?: string): readonly ServiceNowRecord[];
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  stallNext(count: number): void;
  close(): Promise<void>;
}

const PREFIXES: Readonly<Record<string, string>> = { incident: 'INC', sn_si_incident: 'SIR', task: 'TASK' };

function failure(message: string, detail: string | null): unknown {
  return { error: { message, detail }, status: 'failure' };
}

function serviceNowTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function asFieldValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

export async function startFakeServiceNow(options: FakeServiceNowOptions = {}): Promise<FakeServiceNow> {
  const users = options.users ?? [{ username: 'flow.bot', password: 'secret' }];
  const tokens = new Set(options.tokens ?? []);
  const tables = new Set(options.tables ?? Object.keys(PREFIXES));
  const records = new Map<string, Record<string, string>[]>();
  const counters = new Map<string, number>();
  const recorded: RecordedServiceNowRequest[] = [];
  const faults: { status: number; retryAfterSeconds?: number }[] = [];
  let stalls = 0;
  const stalled: http.ServerResponse[] = [];

  function authenticate(authorization: string | undefined): string | undefined {
    if (authorization === undefined) return undefined;
    const bearer = /^Bearer (\S+)$/.exec(authorization)?.[1];
    if (bearer !== undefined) return tokens.has(bearer) ? 'oauth.user' : undefined;
    const basic = /^Basic (\S+)$/.exec(authorization)?.[1];
    if (basic === undefined) return undefined;
    const decoded = Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return colon > 0 && users.some((u) => u.username === username && u.password === password) ? username : undefined;
  }

  function create(table: string, fields: Record<string, unknown>, user: string): Record<string, string> {
    const now = serviceNowTime(new Date());
    const prefix = PREFIXES[table];
    const next = (counters.get(table) ?? 10_000) + 1;
    counters.set(table, next);
    const record: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) record[name] = asFieldValue(value);
    Object.assign(record, {
      sys_id: randomBytes(16).toString('hex'),
      ...(prefix !== undefined && { number: `${prefix}${String(next).padStart(7, '0')}` }),
      sys_created_on: now,
      sys_updated_on: now,
      sys_created_by: user,
      sys_updated_by: user,
      sys_class_name: table,
      sys_mod_count: '0',
    });
    const list = records.get(table) ?? [];
    list.push(record);
    records.set(table, list);
    return record;
  }

  function serve(method: string, segments: readonly string[], query: URLSearchParams, body: unknown, user: string): { status: number; body: unknown } {
    const [api, now, kind, table, sysId] = segments;
    if (api !== 'api' || now !== 'now' || kind !== 'table' || table === undefined || segments.length > 5) {
      return { status: 400, body: failure('Requested URI does not represent any resource', null) };
    }
    if (!tables.has(table)) return { status: 400, body: failure(`Invalid table ${table}`, null) };
    if (method === 'POST' && sysId === undefined) {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, body: failure('Exception while reading request', 'The payload is not valid JSON.') };
      return { status: 201, body: { result: create(table, body as Record<string, unknown>, user) } };
    }
    if (method === 'GET' && sysId !== undefined) {
      const record = (records.get(table) ?? []).find((r) => r.sys_id === sysId);
      return record === undefined
        ? { status: 404, body: failure('No Record found', "Record doesn't exist or ACL restricts the record retrieval") }
        : { status: 200, body: { result: record } };
    }
    if (method === 'GET') {
      const conditions = (query.get('sysparm_query') ?? '')
        .split('^')
        .filter((c) => c !== '')
        .map((c) => {
          const eq = c.indexOf('=');
          return eq < 0 ? undefined : ([c.slice(0, eq), c.slice(eq + 1)] as const);
        });
      if (conditions.some((c) => c === undefined)) return { status: 400, body: failure('The fake supports only field=value queries', null) };
      const result = (records.get(table) ?? []).filter((r) => conditions.every((c) => c !== undefined && r[c[0]] === c[1]));
      return { status: 200, body: { result } };
    }
    return { status: 405, body: failure('Method not Supported', `${method} is not supported here`) };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const target = new URL(req.url ?? '/', 'http://fake.invalid');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let badJson = false;
      if (text !== '') {
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          body = text;
          badJson = true;
        }
      }
      const base = {
        method,
        path: req.url ?? '/',
        query: Object.fromEntries(target.searchParams.entries()),
        headers,
        ...(body !== undefined && { body }),
      };
      if (stalls > 0) {
        stalls--;
        recorded.push({ ...base, status: 0, fault: 'stalled' });
        stalled.push(res);
        return;
      }
      const answer = (status: number, payload: unknown, extra: Record<string, string> = {}, fault?: 'injected'): void => {
        recorded.push({ ...base, status, ...(fault !== undefined && { fault }) });
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...extra });
        res.end(JSON.stringify(payload));
      };
      const fault = faults.shift();
      if (fault !== undefined) {
        const message = fault.status === 429 ? 'Rate limit exceeded' : 'Service Unavailable';
        answer(fault.status, failure(message, 'injected by the fake'), fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }, 'injected');
        return;
      }
      const user = authenticate(headers['authorization']);
      if (user === undefined) {
        answer(401, failure('User Not Authenticated', 'Required to provide Auth information'), { 'www-authenticate': 'BASIC realm="Service-now"' });
        return;
      }
      if (badJson) {
        answer(400, failure('Exception while reading request', 'The payload is not valid JSON.'));
        return;
      }
      const segments = target.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
      const result = serve(method, segments, target.searchParams, body, user);
      answer(result.status, result.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests: () => [...recorded],
    records: (table) => (table === undefined ? [...records.values()].flat() : [...(records.get(table) ?? [])]).map((r) => ({ ...r })),
    failNext(count, status, retryAfterSeconds) {
      for (let i = 0; i < count; i++) faults.push({ status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) });
    },
    stallNext(count) {
      stalls += count;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const res of stalled.splice(0)) res.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

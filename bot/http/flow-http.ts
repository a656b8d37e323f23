import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response } from 'restify';
import { PayloadTooLargeError, ValidationError } from '../../core/errors';
import { toHttpError } from '../../core/http-error-response';
import type { RecordAudit } from '../../core/ports/audit-trail';
import type { Clock } from '../../core/ports/clock';
import type { Hasher } from '../../core/ports/hasher';
import type { Store } from '../../core/ports/store';
import type { Pseudonymizer } from '../../core/privacy/pseudonymizer';
import type { CallbackUrlPolicy } from '../../flows/subscriptions/callback-url';

/**
 * What the Power Automate connector's endpoints (flow-subscriptions.route.ts, flow-actions.route.ts)
 * need. `authenticate` checks the `Authorization` header (the composition root passes the bearer
 * check of infra/connectors/http/bearer-auth.ts, which bot/ may not import) and throws
 * UnauthenticatedError when it fails.
 */
export interface FlowRouteDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: RecordAudit;
  readonly hasher: Hasher;
  readonly pseudonymizer: Pseudonymizer;
  readonly authenticate: (authorization: string | undefined) => void;
  /** The public base URL Power Automate reaches us at (no trailing slash needed); the Location of a subscription is under it. */
  readonly publicUrl: () => string;
  readonly callbackPolicy?: CallbackUrlPolicy;
  /** For the alert and case bodies' `tenantId`, when known. */
  readonly tenantId?: string;
  /** Wakes the outbox dispatcher after a change that appended events (a case note). */
  readonly kick?: () => void;
  /** A new subscription id; default a random UUID. */
  readonly newId?: () => string;
  readonly log?: (line: string) => void;
}

/** Subscribe bodies and notes are small; 64 KB bounds what an unauthenticated sender can make us buffer. */
export const MAX_FLOW_BODY_BYTES = 64 * 1024;

export interface FlowCaller {
  /** `connector-key:` + a fingerprint of the presented key (never the key): a rotated key shows as another caller. */
  readonly keyId: string;
  /** As the audit log and case notes name it: `system`, with the key in the name (the log takes no other kind of id for a non-person). */
  readonly actor: { readonly id: string; readonly name: string };
}

/** Authenticates the request (UnauthenticatedError otherwise) and says which key it came with. */
export function callerOf(deps: Pick<FlowRouteDeps, 'authenticate' | 'hasher'>, req: Request): FlowCaller {
  const header = req.headers.authorization;
  deps.authenticate(header);
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? header ?? '';
  const fingerprint = deps.hasher.sha256Hex(token).slice(0, 12);
  return { keyId: `connector-key:${fingerprint}`, actor: { id: 'system', name: `Power Automate connector (key ${fingerprint})` } };
}

/** The route parameter as a string ('' when missing). */
export function param(req: Request, name: string): string {
  const raw: unknown = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof raw === 'string' ? raw : '';
}

/** The request body parsed as JSON; ValidationError naming `body` when it is empty or not JSON. */
export async function readJsonBody(req: IncomingMessage, limit: number = MAX_FLOW_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw new PayloadTooLargeError(`the request body of ${declared} bytes is larger than the ${limit} accepted`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw new PayloadTooLargeError(`the request body is larger than the ${limit} bytes accepted`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks, size).toString('utf8');
  if (text.trim() === '') throw new ValidationError('the request body is empty: expected a JSON object', [{ field: 'body', reason: 'expected a JSON object' }]);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('the request body is not JSON: expected a JSON object', [{ field: 'body', reason: 'expected a JSON object' }]);
  }
}

/** The error taxonomy as HTTP (core/http-error-response.ts, as the ingestion API); unknown errors reveal nothing. */
export function sendFlowError(res: Response, error: unknown, log: (line: string) => void, what: string): void {
  const { status, headers, body } = toHttpError(error);
  if (status >= 500) log(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  res.send(status, body, headers);
}

/**
 * A route handler from an async function that answers with `[status, body, headers?]`; errors go
 * through sendFlowError. Restify's `next` is called exactly once either way.
 */
export function flowHandler(
  deps: Pick<FlowRouteDeps, 'log'>,
  what: string,
  run: (req: Request) => Promise<readonly [number, unknown, Readonly<Record<string, string>>?]>,
): RequestHandler {
  const log = deps.log ?? ((): void => undefined);
  return (req: Request, res: Response, next) => {
    run(req).then(
      ([status, body, headers]) => {
        if (body === undefined) {
          res.writeHead(status, { ...headers });
          res.end();
        } else res.send(status, body, { ...headers });
        next();
      },
      (error: unknown) => {
        sendFlowError(res, error, log, what);
        next();
      },
    );
  };
}

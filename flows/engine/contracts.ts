import type { z } from 'zod';

/**
 * The seams between the parts of the flow engine: the expression language, the definition
 * loader/linter, the runner and the connectors. Each part is written against these types only,
 * so they can change inside without touching the others.
 */

// ─── Expressions ────────────────────────────────────────────────────────────────────────────

/**
 * What an expression may ask of the run it belongs to: the workflow reference functions
 * (`outputs`, `body`, `triggerBody`, `triggerOutputs`, `trigger`, `actions`, `action`,
 * `actionOutputs`, `actionBody`, `item`, `items`, `iterationIndexes`, `variables`, `parameters`,
 * `result`, `workflow`, `listCallbackUrl`). The runner implements it; tests use a stub.
 * `name` is lower-case. Throws FlowExpressionError when the reference is invalid here (an action
 * that has not run, `item()` outside a loop …).
 */
export interface ReferenceResolver {
  resolve(name: string, args: readonly unknown[]): unknown;
}

/** Everything an expression function may use besides its arguments. */
export interface FunctionContext {
  readonly references: ReferenceResolver;
  /** Wall-clock time for utcNow() and friends (a Clock in the runner, fixed in tests). */
  readonly now: () => Date;
  /** Uniform in [0, 1); for rand(). */
  readonly random: () => number;
  /** A new lower-case GUID (8-4-4-4-12) for guid(). */
  readonly newGuid: () => string;
}

export type ExpressionFunction = (args: readonly unknown[], ctx: FunctionContext) => unknown;

export interface FunctionSpec {
  /** Canonical casing as documented (`formatDateTime`); lookup is case-insensitive. */
  readonly name: string;
  readonly minArgs: number;
  /** `Infinity` for variadic functions (concat, union …). */
  readonly maxArgs: number;
  readonly fn: ExpressionFunction;
}

/**
 * An expression that cannot be parsed or evaluated. `code` mirrors the Logic Apps error code the
 * failing action reports (`InvalidTemplate`); `position` is the 0-based offset in the text for
 * syntax errors.
 */
export class FlowExpressionError extends Error {
  readonly code = 'InvalidTemplate';
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'FlowExpressionError';
  }
}

// ─── Actions and connectors ─────────────────────────────────────────────────────────────────

/** Every action status a step can end in (runAfter names the first four). */
export const STEP_STATUSES = ['Succeeded', 'Failed', 'Skipped', 'TimedOut', 'Cancelled', 'Aborted'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A connector operation's HTTP-shaped result, so `outputs('X')?['body/…']` and `body('X')` both work. */
export interface ConnectorResult {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/**
 * A failed connector call. `statusCode` decides retries (408, 429 and 5xx are retried under the
 * retry policy; `retryAfterMs` overrides the interval); `body` is the failed call's response body
 * (or the whole `{ statusCode, body }`), so the failed action's outputs are `{ statusCode, body }`.
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly body?: unknown,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

/**
 * One operation of one connector, keyed by the short api name (the last segment of `host.apiId`,
 * e.g. `shared_office365users`) and the swagger `operationId`.
 *
 * `parameters` receives the action's evaluated `inputs.parameters` **un-flattened** (`emailMessage/To`
 * → `{ emailMessage: { To } }`) and validates them; a ZodError becomes a Failed step whose error
 * names the parameter.
 */
export interface ConnectorOperationBase<P> {
  readonly api: string;
  readonly operationId: string;
  readonly summary: string;
  readonly parameters: z.ZodType<P>;
}

/** A plain request/response operation (type OpenApiConnection). */
export interface ActionOperation<P = unknown, C = unknown> extends ConnectorOperationBase<P> {
  readonly kind: 'action';
  execute(parameters: P, context: C & OperationCallContext): Promise<ConnectorResult>;
}

/**
 * A webhook operation (type OpenApiConnectionWebhook): `subscribe` starts the wait (posts the card,
 * creates the approval) and returns what to keep; the answer arrives later through
 * `FlowRunner.deliverWaitResponse(waitToken, result)`, possibly after a restart. `unsubscribe` is
 * called when the wait times out or the run is cancelled (best effort: update the card).
 */
export interface WebhookOperation<P = unknown, C = unknown> extends ConnectorOperationBase<P> {
  readonly kind: 'webhook';
  subscribe(parameters: P, context: C & OperationCallContext & { readonly waitToken: string }): Promise<{ readonly subscription: unknown }>;
  /**
   * One answer to the wait (a card submitted, an approver's response). Without `accept` the first
   * answer completes the step with `{ statusCode: 200, body: response.data }`. Approvals that
   * await every approver return `pending` with the updated subscription until the last one.
   * `reply` is the card that replaces the one the responder clicked (e.g. "Approved by …").
   */
  accept?(subscription: unknown, response: WaitResponse, context: C & OperationCallContext): Promise<WaitOutcome>;
  unsubscribe?(subscription: unknown, context: C & OperationCallContext, reason: 'timeout' | 'cancelled'): Promise<void>;
}

/** An answer to a waiting step, as the bot received it. */
export interface WaitResponse {
  /** Who answered: Entra object id, and UPN/name when known. */
  readonly responder: { readonly id: string; readonly upn?: string; readonly name?: string };
  /** The card's submitted data (inputs and the chosen action's data), without `waitToken`. */
  readonly data: Readonly<Record<string, unknown>>;
  /** ISO UTC. */
  readonly at: string;
}

export type WaitOutcome =
  | { readonly complete: ConnectorResult; readonly reply?: Readonly<Record<string, unknown>> }
  | { readonly pending: unknown; readonly reply?: Readonly<Record<string, unknown>> };

/**
 * The Action.Execute verb of every card a waiting step posts; its data carries `waitToken` (and
 * the chosen option), and the bot hands the answer to the runner.
 */
export const FLOW_RESPOND_VERB = 'flow.respond';

export type ConnectorOperation<C = unknown> = ActionOperation<any, C> | WebhookOperation<any, C>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Facts about the call itself, given to every operation next to the connector's own ports. */
export interface OperationCallContext {
  /** Stable for one step of one run across retries and resumes: `<runId>/<step path>`. Use it to make side effects idempotent. */
  readonly idempotencyKey: string;
  readonly runId: string;
  readonly flowId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The key into the definition's `connectionReferences` (`host.connectionName`), when given. */
  readonly connectionName?: string;
}

// ─── Runs ───────────────────────────────────────────────────────────────────────────────────

export const RUN_STATUSES = ['Running', 'Waiting', 'Succeeded', 'Failed', 'Cancelled', 'TimedOut'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

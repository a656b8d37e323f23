/**
 * Limits and timings of the runner, each with the default it has when the host does not say.
 * They are here, named, so a test or an operator can change one and see what it governs.
 */
export interface FlowRunnerLimits {
  /** Waits (Wait actions, retry intervals) up to this long happen in process; longer ones make the run Waiting. */
  readonly maxWaitInProcessMs: number;
  /** A connector call without `limit.timeout` times out after this long (Logic Apps' outbound request limit is 120 s). */
  readonly defaultActionTimeoutMs: number;
  /** Foreach fails on more items than this (Logic Apps: 100,000). */
  readonly maxForeachItems: number;
  /** How long a runner owns a Running run after its last write; past it, `resumeDue` lets another runner take over. */
  readonly leaseMs: number;
  /** A webhook step without `limit.timeout` times out after this ISO 8601 duration (Power Automate's 30-day run limit). */
  readonly defaultWebhookTimeout: string;
  /** Until without `limit.count` / `limit.timeout` (Logic Apps: 60 and PT1H). */
  readonly defaultUntilCount: number;
  readonly defaultUntilTimeout: string;
  /** A step record's JSON beyond this many characters is stored with its outputs (then inputs, decision) dropped. */
  readonly maxStepRecordChars: number;
  /** Runs continued by one `resumeDue` call, at most. */
  readonly resumeBatch: number;
}

export const DEFAULT_FLOW_RUNNER_LIMITS: FlowRunnerLimits = {
  maxWaitInProcessMs: 60_000,
  defaultActionTimeoutMs: 120_000,
  maxForeachItems: 100_000,
  leaseMs: 5 * 60_000,
  defaultWebhookTimeout: 'P30D',
  defaultUntilCount: 60,
  defaultUntilTimeout: 'PT1H',
  maxStepRecordChars: 1_000_000,
  resumeBatch: 100,
};

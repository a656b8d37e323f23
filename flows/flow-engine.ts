import type { EventConsumer } from '../core/events/outbox-dispatcher';
import type { CardJson } from '../core/ports/messenger';
import type { WaitResponse } from './engine/contracts';
import type { LintCapabilities } from './engine/definition/lint-flow';
import type { FlowRunRecord, FlowStepRecord } from './engine/runner/run-records';
import type { ManualTarget } from './library/manual-run';

/**
 * The flow engine as the rest of the app sees it (bot commands, the card verb that answers a
 * waiting step, the composition root): composed in flows/create-flow-engine.ts.
 */
export interface FlowEngine {
  /** What the linter may call runnable here: our action types, triggers, functions and connector operations. */
  readonly capabilities: LintCapabilities;
  /** The outbox consumer that starts event-triggered runs. */
  readonly consumer: EventConsumer;
  startManual(input: { readonly flow: string; readonly target: ManualTarget; readonly actor: { readonly id: string; readonly name?: string } }): Promise<{ runId: string; flowId: string }>;
  /** A card answer to a waiting step; `reply` replaces the clicked card. */
  respond(waitToken: string, response: WaitResponse): Promise<{ readonly run: FlowRunRecord; readonly reply?: CardJson }>;
  getRun(runId: string): Promise<FlowRunRecord | undefined>;
  listRuns(flowId: string, limit?: number): Promise<FlowRunRecord[]>;
  listSteps(runId: string): Promise<FlowStepRecord[]>;
  /** Continues runs whose wait or retry is due, and runs a crash left half-done. */
  resumeDue(): Promise<number>;
  /** Deletes run history older than RUN_HISTORY_DAYS (finished runs only); returns how many runs. */
  purgeHistory(): Promise<number>;
  /** Starts pending runs now. */
  kick(): void;
  /** Starts pending runs and waits for them to finish or wait (tests, shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

import type { Clock } from '../../../core/ports/clock';
import type { Store } from '../../../core/ports/store';
import type { ConnectorOperation } from '../contracts';
import type { FlowRunnerLimits } from './runner-limits';

/** The runner's dependencies with every default filled in, shared by the parts of the runner. */
export interface RunnerServices {
  readonly store: Store;
  readonly connectors: (api: string, operationId: string) => ConnectorOperation | undefined;
  readonly connectorContext: unknown;
  readonly clock: Clock;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly newGuid: () => string;
  readonly newWaitToken: () => string;
  readonly log: (line: string) => void;
  readonly limits: FlowRunnerLimits;
  /** This runner instance, as written into the leases it holds. */
  readonly instanceId: string;
}

/** The lease fields of a run this runner drives, renewed with every write. */
export function leaseFields(services: RunnerServices, now: Date, extraMs = 0): { leaseOwner: string; leaseUntil: string } {
  return { leaseOwner: services.instanceId, leaseUntil: new Date(now.getTime() + services.limits.leaseMs + extraMs).toISOString() };
}

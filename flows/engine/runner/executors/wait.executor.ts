import type { ActionExecutor, StepContext } from '../executor';
import { addIsoDuration, type IsoDuration } from '../iso-duration';
import { StepFailure } from '../run-signals';
import { objectInputs } from './action-inputs';

interface WaitDecision {
  /** ISO UTC: when the wait is over. */
  readonly until: string;
}

const NONE: IsoDuration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };
const UNITS: ReadonlyMap<string, keyof IsoDuration> = new Map([
  ['second', 'seconds'],
  ['minute', 'minutes'],
  ['hour', 'hours'],
  ['day', 'days'],
  ['week', 'weeks'],
  ['month', 'months'],
]);

/**
 * Wait (Delay / Delay until): `interval {count, unit}` (Second … Month) from the step's start, or
 * `until {timestamp}`. A wait up to `maxWaitInProcessMs` sleeps in process; a longer one stores
 * its end and makes the run Waiting, and `resumeDue` continues it once the time has come.
 */
export const waitExecutor: ActionExecutor = async (step) => {
  const decision = (step.stored?.decision as WaitDecision | undefined) ?? { until: dueTime(step).toISOString() };
  const remaining = new Date(decision.until).getTime() - step.now().getTime();
  if (remaining > step.limits.maxWaitInProcessMs) {
    await step.suspend({ status: 'Waiting', decision, wakeAt: decision.until }, { until: decision.until });
  }
  if (remaining > 0) await step.sleep(remaining);
  return { status: 'Succeeded', code: 'OK', decision };
};

function dueTime(step: StepContext): Date {
  const inputs = objectInputs(step);
  if (typeof inputs.until === 'object' && inputs.until !== null) {
    const timestamp = (inputs.until as Record<string, unknown>).timestamp;
    const at = typeof timestamp === 'string' ? new Date(timestamp) : undefined;
    if (at === undefined || Number.isNaN(at.getTime())) throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.until.timestamp to be a date and time; got ${JSON.stringify(timestamp)}`);
    return at;
  }
  const interval = (typeof inputs.interval === 'object' && inputs.interval !== null ? inputs.interval : {}) as Record<string, unknown>;
  const count = typeof interval.count === 'string' ? Number(interval.count) : interval.count;
  const unit = typeof interval.unit === 'string' ? UNITS.get(interval.unit.trim().toLowerCase()) : undefined;
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0 || unit === undefined) {
    throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.interval {count, unit} (unit Second, Minute, Hour, Day, Week or Month) or inputs.until {timestamp}`);
  }
  return addIsoDuration(step.startedAt, { ...NONE, [unit]: count });
}

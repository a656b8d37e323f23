import { OperationalError, ValidationError } from '../../core/errors';
import type { TeamCreationState, TeamProvisioner } from '../../core/ports/team-provisioner';

/**
 * Polls a team creation until it finishes, politely and within a bound.
 *
 * Graph asks for more than 30 seconds between checks of a teamsAsyncOperation
 * (api-reference/v1.0/resources/teamsasyncoperation.md), hence the default interval of 31 s; the
 * default bound of 20 checks gives up after about ten minutes. Tests pass a few milliseconds.
 *
 * Returns the final state (`succeeded` with the team id, or `failed` with Graph's error). When the
 * bound is reached first it throws OperationalError (retryable): the caller has persisted the
 * operation URL and can resume checking later; it must not start a second creation.
 */
export interface AwaitTeamCreationOptions {
  /** Pause before each check after the first. Default 31,000 ms. */
  readonly intervalMs?: number;
  /** Checks at most. Default 20. */
  readonly maxChecks?: number;
  /** Default a setTimeout promise. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function awaitTeamCreation(
  provisioner: Pick<TeamProvisioner, 'checkTeamCreation'>,
  operationUrl: string,
  options: AwaitTeamCreationOptions = {},
): Promise<TeamCreationState> {
  const intervalMs = options.intervalMs ?? 31_000;
  const maxChecks = options.maxChecks ?? 20;
  if (!Number.isFinite(intervalMs) || intervalMs < 0 || !Number.isInteger(maxChecks) || maxChecks < 1) {
    throw new ValidationError('awaitTeamCreation: bad polling options', [
      ...(Number.isFinite(intervalMs) && intervalMs >= 0 ? [] : [{ field: 'intervalMs', reason: 'expected milliseconds, 0 or more' }]),
      ...(Number.isInteger(maxChecks) && maxChecks >= 1 ? [] : [{ field: 'maxChecks', reason: 'expected a whole number, 1 or more' }]),
    ]);
  }
  const sleep = options.sleep ?? realSleep;
  let last: TeamCreationState | undefined;
  for (let check = 0; check < maxChecks; check++) {
    if (check > 0) await sleep(intervalMs);
    last = await provisioner.checkTeamCreation(operationUrl);
    if (last.status === 'succeeded' || last.status === 'failed') return last;
  }
  throw new OperationalError(
    `Team creation ${operationUrl} is still ${last?.status ?? 'unknown'} after ${maxChecks} checks; check it again later (do not start another)`,
  );
}

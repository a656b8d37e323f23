import { parseArgs } from 'node:util';
import { ALERT_STATUSES, type AlertStatus, type Severity, SeveritySchema } from '../../../core/alerts/alert';
import { type AlertFilters, listAlerts } from '../../../core/alerts/alert-queries';
import type { StoreTransaction } from '../../../core/ports/store';
import { listPolicies } from '../../../core/policies/policy.repository';
import { closestName } from '../../../core/settings/closest-name';
import type { Container } from '../../container';
import { CommandUsageError, positiveInt, printJson, printTable } from './command-support';

/** `irm alerts [--status S] [--severity S] [--policy P] [--user U] [--limit N] [--json]`. */

const SEVERITIES = SeveritySchema.options;

/** A choice typed in any case; a typo fails with the closest valid value. */
function choice<T extends string>(value: string | undefined, allowed: readonly T[], option: string): T | undefined {
  if (value === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  if (found !== undefined) return found;
  const suggestion = closestName(value, allowed);
  throw new CommandUsageError(`${option} must be one of ${allowed.join(', ')}; got '${value}'${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`);
}

/**
 * Alerts store the policy id; an admin types the name. A policy that no longer exists still has
 * its alerts, so text matching no current policy is taken as an id as typed.
 */
async function resolvePolicyId(tx: StoreTransaction, idOrName: string): Promise<string> {
  const wanted = idOrName.trim().toLowerCase();
  const policies = await listPolicies(tx);
  return policies.find((p) => p.value.id === wanted || p.value.name.toLowerCase() === wanted)?.value.id ?? idOrName.trim();
}

export async function alertsCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      status: { type: 'string' },
      severity: { type: 'string' },
      policy: { type: 'string' },
      user: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  const status: AlertStatus | undefined = choice(values.status, ALERT_STATUSES, '--status');
  const severity: Severity | undefined = choice(values.severity, SEVERITIES, '--severity');
  const filters: AlertFilters = {
    ...(status === undefined ? {} : { status }),
    ...(severity === undefined ? {} : { severity }),
    ...(values.user === undefined ? {} : { userId: values.user }),
    limit: positiveInt(values.limit, '--limit'),
  };
  const policy = values.policy;
  const alerts = await container.store.transaction(async (tx) =>
    listAlerts(tx, policy === undefined ? filters : { ...filters, policyId: await resolvePolicyId(tx, policy) }),
  );
  if (values.json) {
    printJson(alerts);
  } else {
    printTable(
      ['Id', 'User', 'Policy', 'Severity', 'Score', 'Status', 'Created (UTC)'],
      alerts.map((a) => [a.id, a.userId, a.policyName, a.severity, String(Math.round(a.score)), a.status, a.createdAt]),
    );
  }
  return 0;
}

import { ALERT_STATUSES, type Alert, type AlertStatus, RiskFactorSchema, SeveritySchema } from '../../core/alerts/alert';
import { listAlerts } from '../../core/alerts/alert-queries';
import { ValidationError } from '../../core/errors';
import { listPolicies } from '../../core/policies/policy.repository';
import type { StoreTransaction } from '../../core/ports/store';
import type { Pseudonymizer } from '../../core/privacy/pseudonymizer';
import { closestName } from '../../core/settings/closest-name';
import type { ParsedArguments } from './command-text';

/** The filters `alerts` and `dismiss` share, as typed: `--status`, `--severity`, `--policy`, `--user`, `--risk-factor`, `--from`, `--to`. */
export const ALERT_FILTER_OPTIONS = ['status', 'severity', 'policy', 'user', 'risk-factor', 'from', 'to'] as const;

export function choice<T extends string>(raw: string | true | undefined, allowed: readonly T[], option: string): T | undefined {
  if (raw === undefined) return undefined;
  if (raw === true) throw new ValidationError(`--${option} needs a value: one of ${allowed.join(', ')}`, [{ field: `--${option}`, reason: 'value required' }]);
  const wanted = raw.trim().toLowerCase().replace(/[\s_-]/g, '');
  const found = allowed.find((a) => a.toLowerCase().replace(/[\s_-]/g, '') === wanted);
  if (found !== undefined) return found;
  const suggestion = closestName(raw, allowed);
  throw new ValidationError(`--${option}: expected one of ${allowed.join(', ')}; got '${raw}'${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`, [
    { field: `--${option}`, reason: `expected one of ${allowed.join(', ')}` },
  ]);
}

export function textOption(raw: string | true | undefined, option: string): string | undefined {
  if (raw === undefined) return undefined;
  if (raw === true || raw.trim() === '') throw new ValidationError(`--${option} needs a value`, [{ field: `--${option}`, reason: 'value required' }]);
  return raw.trim();
}

function dateOption(raw: string | true | undefined, option: string): string | undefined {
  const text = textOption(raw, option);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new ValidationError(`--${option}: expected a date such as 2026-03-01 or 2026-03-01T09:00Z; got '${text}'`, [{ field: `--${option}`, reason: 'expected an ISO 8601 date' }]);
  return new Date(time).toISOString();
}

export interface AlertSelection {
  readonly alerts: readonly Alert[];
  /** True when more alerts match than were read (`limit`). */
  readonly truncated: boolean;
}

/**
 * Reads the alerts matching the typed filters. `--user` takes a UPN or a pseudonym (`Anon-…`):
 * analysts often know only the pseudonym, which is matched after reading.
 */
export async function selectAlerts(
  tx: StoreTransaction,
  pseudonymizer: Pseudonymizer,
  args: ParsedArguments,
  options: { readonly defaultStatus?: AlertStatus; readonly limit: number },
): Promise<AlertSelection> {
  const o = args.options;
  const status = choice(o.get('status'), ALERT_STATUSES, 'status') ?? options.defaultStatus;
  const severity = choice(o.get('severity'), SeveritySchema.options, 'severity');
  const riskFactor = choice(o.get('risk-factor'), RiskFactorSchema.options, 'risk-factor');
  const from = dateOption(o.get('from'), 'from');
  const to = dateOption(o.get('to'), 'to');
  const user = textOption(o.get('user'), 'user');
  const policyText = textOption(o.get('policy'), 'policy');
  let policyId: string | undefined;
  if (policyText !== undefined) {
    const policies = (await listPolicies(tx)).map((p) => p.value);
    const wanted = policyText.toLowerCase();
    const found = policies.find((p) => p.id === wanted || p.name.toLowerCase() === wanted);
    if (found === undefined) {
      const suggestion = closestName(policyText, policies.map((p) => p.name));
      throw new ValidationError(`--policy: no policy named '${policyText}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`, [{ field: '--policy', reason: 'unknown policy' }]);
    }
    policyId = found.id;
  }
  const byPseudonym = user !== undefined && /^anon-/i.test(user);
  const read = byPseudonym || riskFactor !== undefined || from !== undefined || to !== undefined ? 10_000 : options.limit + 1;
  const found = await listAlerts(tx, {
    ...(status === undefined ? {} : { status }),
    ...(severity === undefined ? {} : { severity }),
    ...(policyId === undefined ? {} : { policyId }),
    ...(user !== undefined && !byPseudonym ? { userId: user } : {}),
    limit: read,
  });
  const matching = found.filter(
    (a) =>
      (!byPseudonym || pseudonymizer.pseudonym(a.userId).toLowerCase() === (user ?? '').toLowerCase()) &&
      (riskFactor === undefined || a.riskFactors.includes(riskFactor)) &&
      (from === undefined || a.createdAt >= from) &&
      (to === undefined || a.createdAt < to),
  );
  return { alerts: matching.slice(0, options.limit), truncated: matching.length > options.limit };
}

export function hasAlertFilter(args: ParsedArguments): boolean {
  return ALERT_FILTER_OPTIONS.some((o) => args.options.has(o));
}

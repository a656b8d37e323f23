import type { Alert } from '../../core/alerts/alert';
import type { Case } from '../../core/cases/case';
import type { StoreTransaction } from '../../core/ports/store';
import { currentSettings } from '../../core/settings/current-settings';
import { alertView, caseAlerts, caseView } from '../connectors/irm/irm-lookups';
import type { IrmPorts } from '../connectors/irm/irm-ports';
import type { IrmAlertBody, IrmCaseBody } from '../connectors/irm/irm-shapes';

/**
 * The alert and case bodies we hand to Power Automate: exactly what our own engine's `irm`
 * connector returns (so a flow reads `body('Get_alert')?['violatedPolicy']?['policyName']` the
 * same on both), except that the subject is pseudonymized while the privacy setting says so —
 * Power Automate is outside our boundary, like a card. Unlike our engine, whose flows run
 * server-side with real identities, nothing here may carry the UPN then.
 */

/** Whether the subject is shown as a pseudonym right now (the `privacy.pseudonymize` setting). */
export async function pseudonymizing(tx: StoreTransaction, now: Date): Promise<boolean> {
  return (await currentSettings(tx, now)).privacy.pseudonymize;
}

/**
 * Every string in `value` with each occurrence of `upn` (any case) replaced by `pseudonym`, deep.
 * The views put the UPN in known places (riskyUser), but free text can hold it too (an alert's
 * triggering-event summary), so the whole body is rewritten rather than a list of fields.
 */
export function redactSubject<T>(value: T, upn: string, pseudonym: string): T {
  const wanted = upn.trim().toLowerCase();
  if (wanted === '') return value;
  const pattern = new RegExp(wanted.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, pseudonym);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}

function privately<T>(ports: IrmPorts, upn: string, pseudonymize: boolean, body: T): T {
  return pseudonymize ? redactSubject(body, upn, ports.pseudonymizer.pseudonym(upn)) : body;
}

/**
 * The triggering-event summary of a manually scoped alert is free text (who added the user, and
 * why: "resigned yesterday, Ada says …"), which no pseudonym covers. The alert card shows only the
 * kind and time; so does this, while pseudonymizing.
 */
function withoutFreeText(body: IrmAlertBody): IrmAlertBody {
  const summary = `${body.triggeringEvent.kind} at ${body.triggeringEvent.time}`;
  return { ...body, name: `${body.violatedPolicy.policyName}: ${summary}`, triggeringEvent: { ...body.triggeringEvent, summary } };
}

export async function externalAlertView(tx: StoreTransaction, ports: IrmPorts, alert: Alert, pseudonymize: boolean): Promise<IrmAlertBody> {
  const body = await alertView(tx, ports, alert);
  return privately(ports, alert.userId, pseudonymize, pseudonymize ? withoutFreeText(body) : body);
}

export async function externalCaseView(tx: StoreTransaction, ports: IrmPorts, current: Case, pseudonymize: boolean): Promise<IrmCaseBody> {
  return privately(ports, current.userId, pseudonymize, await caseView(tx, ports, current));
}

export async function externalCaseAlerts(tx: StoreTransaction, ports: IrmPorts, current: Case, pseudonymize: boolean): Promise<IrmAlertBody[]> {
  const bodies = await caseAlerts(tx, ports, current);
  return privately(ports, current.userId, pseudonymize, pseudonymize ? bodies.map(withoutFreeText) : bodies);
}

export function externalSubject(ports: IrmPorts, upn: string, pseudonymize: boolean): string {
  return ports.pseudonymizer.display(upn, pseudonymize);
}

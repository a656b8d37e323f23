import type { TimedRecord } from './audit-record.builder';
import type { BadgeEvent } from './organization-model';
import type { People } from './people.generator';
import type { HrRow } from './planted-insiders.generator';
import type { TimedAlert } from './security-alert.builder';

/** Text of each file format, byte for byte what the customer's source system would produce. */

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** Entra ID user export: the manager column holds the manager's UPN. */
export function renderDirectoryCsv(people: People): string {
  const lines = [csvLine(['userPrincipalName', 'id', 'displayName', 'mail', 'department', 'jobTitle', 'manager', 'accountEnabled'])];
  for (const u of people.users) {
    const manager = u.managerIndex === undefined ? '' : people.users[u.managerIndex].upn;
    lines.push(csvLine([u.upn, u.objectId, u.displayName, u.upn, u.department, u.jobTitle, manager, 'true']));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The HR connector's multi-type layout (documented sample header, HRScenario first). */
export function renderHrCsv(rows: readonly HrRow[]): string {
  const lines = [csvLine(['HRScenario', 'EmailAddress', 'ResignationDate', 'LastWorkingDate', 'EffectiveDate', 'Remarks', 'Rating', 'OldLevel', 'NewLevel'])];
  for (const r of rows) {
    lines.push(
      csvLine([r.scenario, r.email, r.resignationDate ?? '', r.lastWorkingDate ?? '', r.effectiveDate ?? '', r.remarks ?? '', r.rating ?? '', r.oldLevel ?? '', r.newLevel ?? '']),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The physical badging connector's JSON array. */
export function renderBadgingJson(events: readonly BadgeEvent[]): string {
  return JSON.stringify(events);
}

/** A Graph `GET /security/alerts_v2` response page. */
export function renderAlertsJson(alerts: readonly TimedAlert[]): string {
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2',
    value: alerts.map((a) => a.alert),
  });
}

/** A Management Activity API content blob: a JSON array of records, here in time order. */
export function renderAuditJson(records: readonly TimedRecord[]): string {
  const sorted = records.slice().sort((a, b) => a.ms - b.ms);
  return `[${sorted.map((r) => r.json).join(',')}]`;
}

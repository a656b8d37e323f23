import type { Alert } from '../alerts/alert';
import { listAudit } from '../audit/audit-log';
import { auditCsv } from '../audit/audit-csv';
import { csvField } from '../audit/audit-csv';
import type { Activity } from '../ingest/activity';
import { alertsCollection } from '../persistence/collections';
import type { Hasher } from '../ports/hasher';
import type { StoreTransaction } from '../ports/store';
import type { Case } from './case';

/**
 * "Escalate for investigation": everything about a case in one package an investigator (or
 * eDiscovery, or a court) can take away and check — the case, its alerts, the user's activities
 * in the alerts' period, the notes and the audit entries about the case and its alerts, as JSON
 * and CSV, with a manifest of SHA-256 hashes so any later change to a file is detectable.
 */
export interface EvidenceFile {
  readonly name: string;
  readonly text: string;
}

export interface EvidencePackage {
  readonly files: readonly EvidenceFile[];
  /** manifest.json's content; also in `files`. */
  readonly manifest: { readonly caseId: string; readonly createdAt: string; readonly createdBy: string; readonly files: readonly { readonly name: string; readonly sha256: string; readonly bytes: number }[] };
}

const MAX_ACTIVITIES = 50_000;

function csv(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return [headers, ...rows].map((r) => `${r.map(csvField).join(',')}\r\n`).join('');
}

export async function buildEvidencePackage(
  tx: StoreTransaction,
  hasher: Hasher,
  input: { readonly case: Case; readonly alertRefOf: (alertId: string) => string; readonly by: string; readonly now: string },
): Promise<EvidencePackage> {
  const c = input.case;
  const alerts: Alert[] = [];
  for (const id of c.alertIds) {
    const found = await tx.documents(alertsCollection).get(c.userId, id);
    if (found !== undefined) alerts.push(found.value);
  }
  const from = alerts.reduce((min, a) => (a.firstActivityAt < min ? a.firstActivityAt : min), c.createdAt);
  const to = alerts.reduce((max, a) => (a.lastActivityAt > max ? a.lastActivityAt : max), c.updatedAt);
  const activities: Activity[] = [];
  let after = from;
  for (;;) {
    const page = await tx.activities.listByUser(c.userId, { from: after, to: new Date(Date.parse(to) + 1).toISOString(), limit: 1000 });
    const fresh = page.filter((a) => !activities.some((b) => b.id === a.id));
    activities.push(...fresh);
    if (page.length < 1000 || fresh.length === 0 || activities.length >= MAX_ACTIVITIES) break;
    after = page[page.length - 1].time;
  }
  const targets = new Set([c.id, ...c.alertIds.map(input.alertRefOf)]);
  const audit = (await listAudit(tx, { limit: 10_000 })).filter((e) => e.target !== undefined && targets.has(e.target)).reverse();

  const files: EvidenceFile[] = [
    { name: 'case.json', text: JSON.stringify(c, null, 2) },
    { name: 'alerts.json', text: JSON.stringify(alerts, null, 2) },
    {
      name: 'activities.csv',
      text: csv(
        ['Time', 'Id', 'Source', 'Kind', 'Operation', 'File', 'Destination', 'Target domains'],
        activities.map((a) => [a.time, a.id, a.source, a.kind, a.operation, a.fileName ?? '', a.destination ?? '', (a.targetDomains ?? []).join(' ')]),
      ),
    },
    { name: 'notes.csv', text: csv(['Time', 'Author', 'Kind', 'Text'], c.notes.map((n) => [n.time, n.author.name ?? n.author.id, n.kind, n.text])) },
    { name: 'audit.csv', text: auditCsv(audit) },
  ];
  const manifest = {
    caseId: c.id,
    createdAt: input.now,
    createdBy: input.by,
    files: files.map((f) => ({ name: f.name, sha256: hasher.sha256Hex(f.text), bytes: new TextEncoder().encode(f.text).length })),
  };
  return { files: [...files, { name: 'manifest.json', text: JSON.stringify(manifest, null, 2) }], manifest };
}

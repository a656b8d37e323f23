import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Alert } from '../../core/alerts/alert';
import { alertsCollection } from '../../core/persistence/collections';
import { ensureDefaultPolicies } from '../../core/policies/default-policies';
import { findTemplate } from '../../core/policies/policy-templates';
import { systemClock } from '../../core/ports/clock';
import type { Store } from '../../core/ports/store';
import { loadSettings } from '../../core/settings/settings.repository';
import { ingestText } from '../../infra/connectors/ingest-text';
import { createSqliteStore } from '../../infra/sqlite/sqlite-store';
import { generateOrganization } from '../support/synthetic/organization/organization.generator';
import type { OrganizationManifest } from '../support/synthetic/organization/organization.types';

// A simulated month of a 500-person organization, in real formats, through the real ingestion
// path with scoring on and the default settings and policies: every planted insider must get an
// alert from the right template, and ordinary people almost never.
describe('scoring a simulated month', () => {
  let dir: string;
  let store: Store;
  let manifest: OrganizationManifest;
  let alerts: Alert[];

  beforeAll(async () => {
    const org = generateOrganization({ seed: 7, users: 500, days: 30 });
    manifest = org.manifest;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-score-'));
    store = await createSqliteStore({ path: path.join(dir, 'irm.db') });
    await store.transaction(async (tx) => {
      const settings = await loadSettings(tx, new Date('2026-03-01T00:00:00Z'));
      await ensureDefaultPolicies(tx, settings.value, new Date('2026-03-01T00:00:00Z'));
    });
    const rank = (format: string): number => (format.startsWith('directory') ? 0 : format === 'hr-csv' ? 1 : 2);
    for (const file of [...org.files].sort((a, b) => rank(a.format) - rank(b.format))) {
      const report = await ingestText({ store, clock: systemClock, internalDomains: ['contoso.com'] }, { text: file.content, file: file.name, format: file.format });
      expect(report.rejected).toEqual([]);
    }
    alerts = (await store.transaction((tx) => tx.documents(alertsCollection).query({ limit: 10_000 }))).map((d) => d.value);
  }, 180_000);

  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('alerts on every planted insider under the expected template, with the sequence and cumulative exfiltration risk factors where planted', () => {
    for (const insider of manifest.insiders) {
      const template = findTemplate(insider.expectedTemplate).id;
      const theirs = alerts.filter((a) => a.userId === insider.upn && a.template === template);
      expect({ insider: insider.scenario, alerted: theirs.length > 0 }).toEqual({ insider: insider.scenario, alerted: true });
      // Unallowed domains and priority content depend on lists an admin configures; the
      // default settings have none, so only the factors the defaults can show are required.
      for (const factor of ['sequence', 'cumulativeExfiltration'] as const) {
        if (!insider.expectedRiskFactors.includes(factor)) continue;
        expect({ insider: insider.scenario, factor, shown: theirs.some((a) => a.riskFactors.includes(factor)) }).toEqual({ insider: insider.scenario, factor, shown: true });
      }
    }
  });

  it('alerts on at most 1 % of ordinary people', () => {
    const insiders = new Set(manifest.insiders.map((i) => i.upn));
    const ordinary = new Set(alerts.filter((a) => !insiders.has(a.userId)).map((a) => a.userId));
    expect(ordinary.size).toBeLessThanOrEqual(Math.floor((manifest.users - insiders.size) * 0.01));
  });

  it('explains every alert: insights with arithmetic, top activities, score history, deterministic ids', () => {
    for (const alert of alerts) {
      expect(alert.status).toBe('NeedsReview');
      expect(alert.insights.length).toBeGreaterThan(0);
      for (const insight of alert.insights) expect(insight.explanation).toMatch(/\d/);
      expect(alert.topActivities.length).toBeGreaterThan(0);
      expect(alert.scoreHistory.at(-1)).toEqual({ time: expect.any(String), score: alert.score, severity: alert.severity });
      expect(alert.id).toBe(`${alert.policyId}:${alert.userId}:1`);
    }
  });

  it('writes alert.created and user.scoped events to the outbox with the state', async () => {
    const pending = await store.transaction((tx) => tx.outbox.pending(10_000));
    const created = pending.filter((e) => e.event.type === 'alert.created').map((e) => e.event.data.alertId);
    expect(created.sort()).toEqual(alerts.map((a) => a.id).sort());
    const scoped = new Set(pending.filter((e) => e.event.type === 'user.scoped').map((e) => `${String(e.event.data.policyId)}|${e.event.subject}`));
    for (const alert of alerts) expect(scoped.has(`${alert.policyId}|${alert.userId}`)).toBe(true);
  });

  it('re-ingesting the month changes nothing: no new alerts, no updates, no scoping', async () => {
    // Each run of an import records its own ingest.completed; everything else must stay put.
    const domainEvents = async () => (await store.transaction((tx) => tx.outbox.pending(100_000))).filter((e) => e.event.type !== 'ingest.completed');
    const before = await domainEvents();
    const org = generateOrganization({ seed: 7, users: 500, days: 30 });
    for (const file of org.files.filter((f) => f.format === 'audit-json').slice(0, 5)) {
      const report = await ingestText({ store, clock: systemClock, internalDomains: ['contoso.com'] }, { text: file.content, file: file.name, format: file.format });
      expect(report.accepted).toBe(0);
    }
    expect((await domainEvents()).length).toBe(before.length);
  }, 60_000);
});

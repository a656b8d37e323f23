import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Alert } from '../../../core/alerts/alert';
import type { SignalFormat } from '../../../core/ingest/record-outcome';
import { alertsCollection } from '../../../core/persistence/collections';
import { prepareScoring } from '../../../core/scoring/engine/prepare-scoring';
import { detectFormat } from '../../connectors/detect-format';
import { ingestText } from '../../connectors/ingest-text';
import type { Container } from '../../container';
import { readInput, readPrefix } from '../read-input';
import { CommandUsageError, printJson, printTable } from './command-support';

/**
 * `irm replay <dir|files…> [--json]`: imports history with scoring on and prints the alerts it
 * produced. Order: the directory, then HR (so departures are known), then everything else by
 * file name — per-day files (audit-2026-03-02.json …) thus arrive in event-time order. Scoring is
 * computed from daily aggregates, so the alerts do not depend on that order beyond this.
 */
export async function replayCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], allowPositionals: true, options: { json: { type: 'boolean', default: false } } });
  if (positionals.length === 0) throw new CommandUsageError('replay needs a folder or files');
  const files = positionals.flatMap((p) => listFiles(p)).filter((f) => !f.endsWith('manifest.json'));
  const inputs = files.map((file) => ({ file, format: detectFormat(readPrefix(file), file) }));
  const rank = (format: SignalFormat): number => (format.startsWith('directory') ? 0 : format === 'hr-csv' ? 1 : 2);
  inputs.sort((a, b) => rank(a.format) - rank(b.format) || (a.file < b.file ? -1 : 1));

  await prepareScoring(container.store, container.clock.now());
  const before = new Set((await allAlerts(container)).map((a) => `${a.id}|${a.scoreHistory.length}`));
  let rejected = 0;
  for (const input of inputs) {
    const report = await ingestText(
      { store: container.store, clock: container.clock, internalDomains: container.config.internalDomains },
      { bytes: readInput(input.file), file: input.file, format: input.format },
    );
    rejected += report.rejected.length;
    if (!values.json) console.error(`${input.file}: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.rejected.length} rejected`);
  }
  const changed = (await allAlerts(container)).filter((a) => !before.has(`${a.id}|${a.scoreHistory.length}`));
  const rows = changed
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1))
    .map((a) => ({
      id: a.id,
      user: a.userId,
      policy: a.policyName,
      severity: a.severity,
      score: a.score,
      riskFactors: a.riskFactors,
      firstActivity: a.firstActivityAt,
      lastActivity: a.lastActivityAt,
    }));
  if (values.json) printJson(rows);
  else printTable(['User', 'Policy', 'Severity', 'Score', 'Risk factors', 'First activity', 'Last activity'], rows.map((r) => [r.user, r.policy, r.severity, r.score.toFixed(1), r.riskFactors.join(', '), r.firstActivity, r.lastActivity]));
  return rejected > 0 ? 3 : 0;
}

async function allAlerts(container: Container): Promise<Alert[]> {
  return (await container.store.transaction((tx) => tx.documents(alertsCollection).query({ limit: 10_000 }))).map((d) => d.value);
}

function listFiles(target: string): string[] {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) throw new CommandUsageError(`${target}: no such file or folder`);
  if (!stat.isDirectory()) return [target];
  return fs
    .readdirSync(target, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(target, e.name)) : /\.(json|ndjson|csv)$/i.test(e.name) ? [path.join(target, e.name)] : []));
}

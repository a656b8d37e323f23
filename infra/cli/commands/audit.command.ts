import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { OperationalError } from '../../../core/errors';
import { AUDIT_CATEGORIES, type AuditCategory, type AuditEntry } from '../../../core/audit/audit-entry';
import { auditCsvHeader, auditCsvRows } from '../../../core/audit/audit-csv';
import {
  AUDIT_RETENTION_DAYS,
  auditRetentionCutoff,
  type AuditChainReport,
  type AuditFilters,
  listAudit,
  purgeExpiredAudit,
  readAuditPage,
  verifyAuditChain,
} from '../../../core/audit/audit-log';
import { closestName } from '../../../core/settings/closest-name';
import type { Container } from '../../container';
import { CommandUsageError, positiveInt, printJson, printTable } from './command-support';

/** `irm audit verify | list | export | purge`: the product's audit log (docs/audit-log.md). */

export async function auditCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  switch (verb) {
    case 'verify':
      return verifyCommand(container, rest);
    case undefined:
    case 'list':
      return listCommand(container, rest);
    case 'export':
      return exportCommand(container, rest);
    case 'purge':
      return purgeCommand(container, rest);
    default:
      throw new CommandUsageError(`unknown audit command '${verb}'; expected verify, list, export or purge`);
  }
}

/** The verdict as one line (and the last hash, worth keeping elsewhere to expose a rewritten chain). */
export function describeChainReport(report: AuditChainReport): string[] {
  if (report.problem !== undefined) return [`audit log BROKEN at sequence ${report.problem.sequence}: ${report.problem.reason}`];
  const purged = report.purgedThrough === undefined ? '' : `; entries up to ${report.purgedThrough} removed by retention`;
  const range = report.firstSequence === undefined ? '' : ` (sequence ${report.firstSequence}–${report.lastSequence})`;
  const lines = [`audit log intact: ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'}${range}${purged}`];
  if (report.lastHash !== undefined) lines.push(`last hash: ${report.lastHash}`);
  return lines;
}

async function verifyCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } } });
  const report = await container.store.transaction((tx) => verifyAuditChain(tx, container.hasher));
  if (values.json) printJson(report);
  else for (const line of describeChainReport(report)) console.log(line);
  return report.intact ? 0 : 1;
}

/** A category typed in any case; a typo fails naming every category and the closest one. */
function categoryOption(value: string | undefined): AuditCategory | undefined {
  if (value === undefined) return undefined;
  const wanted = value.trim().toLowerCase();
  const found = AUDIT_CATEGORIES.find((c) => c.toLowerCase() === wanted);
  if (found !== undefined) return found;
  const suggestion = closestName(value, AUDIT_CATEGORIES);
  throw new CommandUsageError(
    `--category must be one of ${AUDIT_CATEGORIES.join(', ')}; got '${value}'${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`,
  );
}

function isoOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new CommandUsageError(`${name} must be an ISO 8601 date or time such as 2026-03-01T00:00:00Z; got '${value}'`);
  return new Date(time).toISOString();
}

function performedBy(entry: AuditEntry): string {
  return entry.actor.name === undefined ? entry.actor.id : `${entry.actor.name} (${entry.actor.id})`;
}

async function listCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      category: { type: 'string' },
      actor: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  const category = categoryOption(values.category);
  const from = isoOption(values.from, '--from');
  const to = isoOption(values.to, '--to');
  const filters: AuditFilters = {
    ...(category === undefined ? {} : { category }),
    ...(values.actor === undefined ? {} : { actorId: values.actor.trim() }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    limit: positiveInt(values.limit, '--limit'),
  };
  const entries = await container.store.transaction((tx) => listAudit(tx, filters));
  if (values.json) {
    printJson(entries);
  } else {
    printTable(
      ['Seq', 'Date (UTC)', 'Category', 'Activity', 'Performed by', 'Target', 'Details'],
      entries.map((e) => [String(e.sequence), e.time, e.category, e.activity, performedBy(e), e.target ?? '', e.details === undefined ? '' : JSON.stringify(e.details)]),
    );
  }
  return 0;
}

/** Writes to a file or stdout, waiting when the stream's buffer is full so a large log streams. */
function writer(out: string | undefined): { write(text: string): Promise<void>; close(): Promise<void> } {
  const stream = out === undefined ? process.stdout : fs.createWriteStream(out, { flags: 'w' });
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  const check = (): void => {
    if (failure !== undefined) throw new OperationalError(`cannot write ${out ?? 'stdout'}`, { cause: failure });
  };
  return {
    async write(text) {
      check();
      if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
      check();
    },
    async close() {
      if (out !== undefined) await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
      check();
    },
  };
}

async function exportCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...args], options: { out: { type: 'string' } } });
  const output = writer(values.out);
  let written = 0;
  try {
    await output.write(auditCsvHeader());
    // One unit of work per page: SQLite units take the write lock, which an export must not hold
    // for as long as a terminal takes to print. The log is append-only, so pages never overlap.
    let after = 0;
    for (;;) {
      const page = await container.store.transaction((tx) => readAuditPage(tx, after));
      if (page.length === 0) break;
      await output.write(auditCsvRows(page));
      written += page.length;
      after = page[page.length - 1].sequence;
    }
  } finally {
    await output.close();
  }
  if (values.out !== undefined) console.log(`exported ${written} audit ${written === 1 ? 'entry' : 'entries'} to ${values.out}`);
  return 0;
}

async function purgeCommand(container: Container, args: readonly string[]): Promise<number> {
  parseArgs({ args: [...args], options: {} });
  const now = container.clock.now();
  const removed = await container.store.transaction((tx) => purgeExpiredAudit(tx, now));
  const cutoff = auditRetentionCutoff(now);
  console.log(`purged ${removed} audit ${removed === 1 ? 'entry' : 'entries'} older than ${AUDIT_RETENTION_DAYS} days (recorded before ${cutoff})`);
  return 0;
}

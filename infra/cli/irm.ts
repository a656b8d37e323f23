#!/usr/bin/env node
// The `irm` command line: a composition root like bot/main.ts, for operators and scripts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { userRiskLevel } from '../../core/alerts/user-risk';
import { isAppError, ValidationError } from '../../core/errors';
import type { IngestReport, SignalFormat } from '../../core/ingest/record-outcome';
import { SIGNAL_FORMATS } from '../../core/ingest/record-outcome';
import { loadConfig } from '../config';
import { detectFormat, isSignalFormat } from '../connectors/detect-format';
import { ingestText } from '../connectors/ingest-text';
import { createContainer, type Container } from '../container';
import { alertsCommand } from './commands/alerts.command';
import { maintenanceCommand } from './commands/maintenance.command';
import { auditCommand } from './commands/audit.command';
import { replayCommand } from './commands/replay.command';
import { prepareScoring } from '../../core/scoring/engine/prepare-scoring';
import { CommandUsageError, positiveInt, printTable } from './commands/command-support';
import { policyCommand } from './commands/policy.command';
import { rolesCommand } from './commands/roles.command';
import { settingsCommand } from './commands/settings.command';
import { createProgress } from './progress';
import { countLines, readInput, readPrefix } from './read-input';

const USAGE = `usage: irm <command> [options]

commands:
  ingest <file…> [--format F] [--json]   import signal files (format detected from content)
  users [--limit N] [--risk] [--json]    list the directory (--risk: risk level from active alerts)
  activities --user UPN [--from ISO] [--to ISO] [--limit N] [--json]
                                         list a user's activities in time order
  settings show [--json]                 the global settings: value, allowed, default
  settings set <name> <value>            change one setting (e.g. timeframes.activationWindowDays 14)
  settings add|remove <list> <values>    add or remove comma-separated entries of a list setting
  policy list [--json]                   policies with template, indicators and health
  policy show <name> [--json]            one policy in full, with its health findings
  policy create --file policy.json       create a policy (format: docs/settings-and-policies.md)
  policy delete <name>                   delete a policy (its alerts and cases are kept)
  policy scope --policy P [--policy P…] --days N --reason "…" (--users a@x,b@y | --file users.csv)
                                         start scoring users now (5–30 days; the past 90 days are scored)
  replay <dir|files…> [--json]           import history with scoring on; print the alerts it raised
  alerts [--status S] [--severity S] [--policy P] [--user UPN] [--limit N] [--json]
                                         list alerts, newest first
  roles list | add|remove <group> <object id>
                                         role groups (irm, admins, analysts, investigators, auditors, approvers)
  maintenance run [--json]               the daily housekeeping now: alert retention, directory facts
  audit verify [--json]                  check the audit log's hash chain (exit 1 when broken)
  audit list [--category C] [--actor ID] [--from ISO] [--to ISO] [--limit N] [--json]
                                         audit entries, newest first
  audit export [--out file.csv]          the audit log as CSV (stdout without --out)
  audit purge                            remove audit entries older than 180 days now
  help                                   this text

formats: ${SIGNAL_FORMATS.join(', ')}
exit codes: 0 ok, 1 error, 2 usage error, 3 some records were rejected`;

class UsageError extends Error {}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  switch (command) {
    case 'ingest':
      return withContainer((c) => ingestCommand(c, rest));
    case 'users':
      return withContainer((c) => usageChecked(usersCommand(c, rest)));
    case 'activities':
      return withContainer((c) => usageChecked(activitiesCommand(c, rest)));
    case 'settings':
      return withContainer((c) => usageChecked(settingsCommand(c, rest)));
    case 'policy':
      return withContainer((c) => usageChecked(policyCommand(c, rest)));
    case 'replay':
      return withContainer((c) => usageChecked(replayCommand(c, rest)));
    case 'alerts':
      return withContainer((c) => usageChecked(alertsCommand(c, rest)));
    case 'roles':
      return withContainer((c) => usageChecked(rolesCommand(c, rest)));
    case 'maintenance':
      return withContainer((c) => usageChecked(maintenanceCommand(c, rest)));
    case 'audit':
      return withContainer((c) => usageChecked(auditCommand(c, rest)));
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

/** Command groups under ./commands report bad arguments with their own class; print them as usage errors. */
async function usageChecked(run: Promise<number>): Promise<number> {
  try {
    return await run;
  } catch (error) {
    if (error instanceof CommandUsageError) throw new UsageError(error.message);
    throw error;
  }
}

async function withContainer(run: (container: Container) => Promise<number>): Promise<number> {
  const container = await createContainer(loadConfig());
  try {
    return await run(container);
  } finally {
    await container.close();
  }
}

async function ingestCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { format: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length === 0) throw new UsageError('ingest needs at least one file');
  const forced = values.format;
  if (forced !== undefined && !isSignalFormat(forced)) {
    throw new UsageError(`--format must be one of ${SIGNAL_FORMATS.join(', ')}; got '${forced}'`);
  }
  // Directory files go first, so HR and badging rows in the same run can find their users.
  const inputs = positionals.map((file) => ({ file, format: forced ?? detectFormat(readPrefix(file), file) }));
  inputs.sort((a, b) => rank(a.format) - rank(b.format));

  await prepareScoring(container.store, container.clock.now());
  const reports: IngestReport[] = [];
  for (const input of inputs) {
    const bytes = readInput(input.file);
    const progress = createProgress(path.basename(input.file), countLines(bytes, input.format));
    try {
      reports.push(
        await ingestText(
          { store: container.store, clock: container.clock, internalDomains: container.config.internalDomains },
          { bytes, file: input.file, format: input.format, onProgress: (n) => progress.update(n) },
        ),
      );
    } finally {
      progress.done();
    }
  }
  if (values.json) {
    console.log(JSON.stringify(reports.length === 1 ? toWire(reports[0]) : reports.map(toWire), null, 2));
  } else {
    for (const report of reports) printReport(report);
  }
  return reports.some((r) => r.rejected.length > 0) ? 3 : 0;
}

async function usersCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { limit: { type: 'string', default: '100' }, risk: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
  });
  const limit = positiveInt(values.limit, '--limit');
  const users = await container.store.transaction(async (tx) => {
    const page = await tx.users.list({ limit });
    if (!values.risk) return page.map((u) => ({ ...u, risk: undefined }));
    return Promise.all(page.map(async (u) => ({ ...u, risk: await userRiskLevel(tx, u.upn) })));
  });
  if (values.json) {
    console.log(JSON.stringify(users.map(({ risk, ...u }) => (risk === undefined ? u : { ...u, risk: { level: risk.level, score: risk.score, activeAlerts: risk.activeAlerts } })), null, 2));
  } else {
    printTable(
      ['UPN', 'Name', 'Department', 'Job title', 'Manager', ...(values.risk ? ['Risk'] : [])],
      users.map((u) => [u.upn, u.displayName, u.department ?? '', u.jobTitle ?? '', u.managerUpn ?? '', ...(u.risk === undefined ? [] : [u.risk.level === 'none' ? 'none' : `${u.risk.level} (${u.risk.score.toFixed(1)})`])]),
    );
  }
  return 0;
}

async function activitiesCommand(container: Container, args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.user === undefined) throw new UsageError('activities needs --user <upn>');
  const from = isoOption(values.from, '--from');
  const to = isoOption(values.to, '--to');
  const limit = positiveInt(values.limit, '--limit');
  const userId = values.user.trim().toLowerCase();
  const activities = await container.store.transaction((tx) => tx.activities.listByUser(userId, { from, to, limit }));
  if (values.json) {
    console.log(JSON.stringify(activities, null, 2));
  } else {
    printTable(
      ['Time (UTC)', 'Kind', 'Operation', 'File', 'Destination'],
      activities.map((a) => [
        a.time,
        a.kind,
        a.operation,
        a.fileName ?? a.assetName ?? a.title ?? '',
        a.destination ?? a.targetDomains?.join(' ') ?? '',
      ]),
    );
  }
  return 0;
}

function toWire(report: IngestReport): object {
  return {
    file: report.file,
    batchId: report.batchId,
    format: report.format,
    records: report.records,
    accepted: report.accepted,
    duplicates: report.duplicates,
    rejected: report.rejected,
    unscoredOperations: report.unscoredOperations,
  };
}

function printReport(report: IngestReport): void {
  const unscored = Object.values(report.unscoredOperations).reduce((a, b) => a + b, 0);
  console.log(
    `${report.file} (${report.format}): ${report.records} records: ${report.accepted} accepted, ` +
      `${report.duplicates} duplicates, ${report.rejected.length} rejected, ${unscored} unscored`,
  );
  for (const r of report.rejected.slice(0, 50)) console.log(`  ${report.file}: row ${r.row}, ${r.field}: ${r.reason}`);
  if (report.rejected.length > 50) console.log(`  … and ${report.rejected.length - 50} more rejected rows (use --json for all)`);
  const ops = Object.entries(report.unscoredOperations).sort((a, b) => b[1] - a[1]);
  if (ops.length > 0) console.log(`  not scored: ${ops.map(([op, n]) => `${op} ×${n}`).join(', ')}`);
}

function rank(format: SignalFormat): number {
  return format.startsWith('directory') ? 0 : 1;
}

function isoOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new UsageError(`${name} must be an ISO 8601 date or time such as 2026-03-01T00:00:00Z; got '${value}'`);
  return new Date(t).toISOString();
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`irm: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (isAppError(error)) {
      console.error(`irm: ${error.message}`);
      if (error instanceof ValidationError) {
        for (const issue of error.issues.slice(0, 20)) {
          const where = [issue.file, issue.row !== undefined ? `row ${issue.row}` : undefined, issue.field].filter(Boolean).join(', ');
          console.error(`  ${where}: ${issue.reason}`);
        }
      }
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);

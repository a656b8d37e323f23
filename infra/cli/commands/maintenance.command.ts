import { parseArgs } from 'node:util';
import { runMaintenance } from '../../../core/alerts/alert-retention';
import type { Container } from '../../container';
import { CommandUsageError, printJson } from './command-support';

/**
 * `irm maintenance run [--json]`: the housekeeping the server runs daily, on demand — alert
 * retention (Needs-review alerts older than 120 days and not in a case are removed) and the
 * directory facts scoring reads. Safe to run at any time and as often as wanted.
 */
export async function maintenanceCommand(container: Container, args: readonly string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== 'run') throw new CommandUsageError(verb === undefined ? 'maintenance needs a verb: run' : `unknown maintenance command '${verb}'; expected run`);
  const { values } = parseArgs({ args: [...rest], options: { json: { type: 'boolean', default: false } } });
  const report = await runMaintenance(container.store, container.clock);
  if (values.json) {
    printJson(report);
    return 0;
  }
  console.log(`alerts expired: ${report.expired.length} (needs review for more than 120 days, not in a case)`);
  for (const e of report.expired.slice(0, 50)) console.log(`  ${e.alertId} (created ${e.createdAt})`);
  if (report.expired.length > 50) console.log(`  … and ${report.expired.length - 50} more (use --json for all)`);
  if (report.keptForCases > 0) console.log(`kept for their cases: ${report.keptForCases}`);
  console.log(`directory facts: ${report.directory.users} users, ${report.directory.changed} updated, ${report.directory.highImpact} potential high-impact`);
  return 0;
}

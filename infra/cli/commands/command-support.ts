import os from 'node:os';

/** Helpers shared by every `irm` command, so the output of each reads the same. */

/** Bad arguments: irm.ts turns it into its usage error (message, usage text, exit code 2). */
export class CommandUsageError extends Error {}

export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.slice(0, widths[i]).padEnd(widths[i])).join('  ').trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  if (rows.length === 0) console.log('(none)');
}

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

export function positiveInt(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommandUsageError(`${name} must be a positive whole number; got '${value}'`);
  return n;
}

/**
 * Who a CLI change is recorded as: `cli:<os user>`. os.userInfo() throws for a uid without a
 * passwd entry (common in containers), so the environment is the fallback.
 */
export function cliActor(): string {
  let user: string | undefined;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME;
  }
  return `cli:${user !== undefined && user.length > 0 ? user : 'unknown'}`;
}

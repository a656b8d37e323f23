import { ValidationError } from '../../core/errors';
import { closestName } from '../../core/settings/closest-name';
import { SUBDOMAINS_MARKER } from '../../core/settings/setting-values';

/**
 * Reading list entries typed after a command (`domains allow a.com b.com`, `exclusions add
 * keywords "top secret", draft`) and keeping table replies inside one card.
 */

/**
 * The entries as typed: one per word, and a word holding commas is several (people paste
 * comma-separated lists). Quotes keep spaces inside one entry (`"C:\Program Files\Temp"`).
 */
export function typedEntries(positionals: readonly string[]): string[] {
  return positionals.flatMap((word) => word.split(',')).map((e) => e.trim()).filter((e) => e.length > 0);
}

/**
 * Domain entries: as `typedEntries`, with the multi-level subdomain marker of the settings
 * catalogue (`contoso.com +subdomains`) joined to the domain before it when typed as its own word.
 */
export function typedDomainEntries(positionals: readonly string[]): string[] {
  const entries: string[] = [];
  for (const entry of typedEntries(positionals)) {
    if (entry.toLowerCase() === SUBDOMAINS_MARKER && entries.length > 0) entries[entries.length - 1] = `${entries[entries.length - 1]} ${SUBDOMAINS_MARKER}`;
    else entries.push(entry);
  }
  return entries;
}

/**
 * The entries as the list text `changeSetting` reads (core/settings/setting-values.ts
 * `splitListText`): each one quoted, so an entry keeps any comma or quote it holds.
 */
export function listText(entries: readonly string[]): string {
  return entries.map((e) => `"${e.replace(/"/g, '""')}"`).join(', ');
}

/** A word chosen from a few (`allow|block|third-party`), any case; otherwise the closest one is suggested. */
export function wordArgument<T extends string>(raw: string | undefined, allowed: readonly T[], field: string): T {
  if (raw === undefined) throw new ValidationError(`name the ${field}: one of ${allowed.join(', ')}`, [{ field, reason: `expected one of ${allowed.join(', ')}` }]);
  const found = allowed.find((a) => a.toLowerCase() === raw.trim().toLowerCase());
  if (found !== undefined) return found;
  const suggestion = closestName(raw, allowed);
  throw new ValidationError(`${field}: expected one of ${allowed.join(', ')}; got '${raw}'${suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`}`, [
    { field, reason: `expected one of ${allowed.join(', ')}` },
  ]);
}

/** Room for a table's rows in one card: the 28 KB card limit less title, subtitle, headers and footer. */
export const ROW_BUDGET_BYTES = 22 * 1024;

/** What one row adds to the table card (cards/table/table.card.json), at most: cells are cut to 300 characters. */
function rowBytes(row: readonly string[]): number {
  const cells = row.map((text) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text: text.slice(0, 300), wrap: true, size: 'Small' }] }));
  return new TextEncoder().encode(JSON.stringify({ type: 'TableRow', cells })).length + 1;
}

export interface FittedRows {
  readonly rows: readonly (readonly string[])[];
  /** Rows left out because the card would be too large; a reply says so in its footer. */
  readonly omitted: number;
}

/** The leading rows that fit in one card. */
export function fitRows(rows: readonly (readonly string[])[], budget: number = ROW_BUDGET_BYTES): FittedRows {
  let used = 0;
  let count = 0;
  for (const row of rows) {
    used += rowBytes(row);
    if (used > budget) break;
    count++;
  }
  return { rows: rows.slice(0, count), omitted: rows.length - count };
}

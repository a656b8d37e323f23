import { ValidationError } from '../../core/errors';
import { DIRECTORY_COLUMN_NAMES } from '../../core/directory/directory-columns';
import { HR_COLUMN_NAMES, HR_SCENARIO_COLUMN } from '../../core/ingest/hr/hr-columns';
import { SIGNAL_FORMATS, type SignalFormat } from '../../core/ingest/record-outcome';

/** Header names compared without case, spaces, hyphens and underscores. */
const squash = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');
/** Columns only HR files have: their dates and the multi-type scenario column. */
const HR_ONLY = new Set(
  [HR_SCENARIO_COLUMN, ...HR_COLUMN_NAMES.resignationDate, ...HR_COLUMN_NAMES.lastWorkingDate, ...HR_COLUMN_NAMES.effectiveDate, ...HR_COLUMN_NAMES.firstName].map(squash),
);
const HR_EMAIL = new Set(HR_COLUMN_NAMES.email.map(squash));
const DIRECTORY_UPN = new Set(DIRECTORY_COLUMN_NAMES.upn.map(squash));

/** How much of the input format detection looks at: enough for a header or a first record. */
const PROBE_CHARS = 64 * 1024;

export function isSignalFormat(value: string): value is SignalFormat {
  return (SIGNAL_FORMATS as readonly string[]).includes(value);
}

/**
 * Tells the signal format from the content (the file name is a hint only where the content is
 * ambiguous). Looks at the first characters only, so it costs nothing on large files; the chosen
 * parser still validates every record. Throws ValidationError naming the file when no format fits.
 */
export function detectFormat(text: string, file: string): SignalFormat {
  const probe = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).slice(0, PROBE_CHARS);
  const trimmed = probe.trimStart();
  const has = (key: string): boolean => new RegExp(`"${key}"\\s*:`, 'i').test(probe);

  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    if (has('AssetId') && has('EventTime')) return 'badging-json';
    if (has('alertCreationTime') || /"serviceSource"\s*:\s*"microsoftDefenderForEndpoint"/i.test(probe)) {
      return 'defender-alerts-json';
    }
    // Graph alerts_v2 says serviceSource "dataLossPrevention" (detectionSource
    // "microsoftDataLossPrevention"); either marks a DLP alert list.
    if (/"(serviceSource|detectionSource)"\s*:\s*"(microsoft)?dataLossPrevention"/i.test(probe)) return 'dlp-alerts-json';
    if (has('RecordType') || (has('CreationTime') && has('Operation'))) {
      // The Management Activity API returns a JSON array; anything starting with an object is
      // one record per line.
      return trimmed.startsWith('[') ? 'audit-json' : 'audit-ndjson';
    }
    if (has('userPrincipalName')) return 'directory-json';
  } else {
    const headerEnd = trimmed.search(/\r?\n/);
    const header = (headerEnd === -1 ? trimmed : trimmed.slice(0, headerEnd))
      .split(',')
      .map((h) => squash(h.trim().replace(/^"|"$/g, '')));
    if (header.includes('auditdata')) return 'audit-csv';
    if (header.some((h) => HR_ONLY.has(h)) && header.some((h) => HR_EMAIL.has(h))) return 'hr-csv';
    if (header.some((h) => DIRECTORY_UPN.has(h))) return 'directory-csv';
  }
  throw new ValidationError(
    `${file}: cannot tell the signal format from the content; expected one of ${SIGNAL_FORMATS.join(', ')} ` +
      '(audit records as JSON array, NDJSON or the audit-search CSV export; HR connector CSV; badging JSON; ' +
      'DLP or Defender alerts JSON; directory CSV or JSON). Name it with --format.',
    [{ file, reason: 'unrecognized format' }],
  );
}

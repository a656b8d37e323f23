import { ValidationError } from '../../core/errors';
import { SIGNAL_FORMATS, type SignalFormat } from '../../core/ingest/record-outcome';

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
    if (/"serviceSource"\s*:\s*"microsoftDataLossPrevention"/i.test(probe)) return 'dlp-alerts-json';
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
      .map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
    if (header.includes('auditdata')) return 'audit-csv';
    if (header.includes('hrscenario') || header.includes('emailaddress')) return 'hr-csv';
    if (header.includes('userprincipalname') || header.includes('upn')) return 'directory-csv';
  }
  throw new ValidationError(
    `${file}: cannot tell the signal format from the content; expected one of ${SIGNAL_FORMATS.join(', ')} ` +
      '(audit records as JSON array, NDJSON or the audit-search CSV export; HR connector CSV; badging JSON; ' +
      'DLP or Defender alerts JSON; directory CSV or JSON). Name it with --format.',
    [{ file, reason: 'unrecognized format' }],
  );
}

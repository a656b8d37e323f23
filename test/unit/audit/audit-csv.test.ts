import { AUDIT_CSV_COLUMNS, auditCsv, csvField } from '../../../core/audit/audit-csv';
import type { AuditEntry } from '../../../core/audit/audit-entry';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function entry(extra: Partial<AuditEntry> = {}): AuditEntry {
  return {
    sequence: 7,
    time: '2026-03-01T09:15:49.123Z',
    category: 'Policies',
    activity: 'Created policy',
    actor: { id: '8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60', name: 'Ada Lovelace' },
    target: 'leaks',
    details: { name: 'Leaks', indicators: ['SpoDownload', 'CopyToUSB'] },
    prevHash: HASH_A,
    hash: HASH_B,
    ...extra,
  };
}

/** A small RFC 4180 reader, to check that what we write parses back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

describe('auditCsv', () => {
  it('writes a header row and one CRLF-terminated row per entry with the export columns', () => {
    const csv = auditCsv([entry(), entry({ sequence: 8, actor: { id: 'cli:ada' }, target: undefined, details: undefined })]);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['Date', 'Category', 'Activity', 'Activity performed by', 'Actor ID', 'Target', 'Details', 'Sequence', 'Previous hash', 'Hash']);
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows[1]).toEqual([
      '2026-03-01T09:15:49.123Z',
      'Policies',
      'Created policy',
      'Ada Lovelace',
      '8f14e45f-ceea-467f-a0e6-1b2c3d4e5f60',
      'leaks',
      '{"indicators":["SpoDownload","CopyToUSB"],"name":"Leaks"}',
      '7',
      HASH_A,
      HASH_B,
    ]);
    // No name: the actor id is who performed it; no target or details: empty cells.
    expect(rows[2].slice(3, 7)).toEqual(['cli:ada', 'cli:ada', '', '']);
    expect(rows).toHaveLength(3);
  });

  it('writes only the header for an empty log', () => {
    expect(auditCsv([])).toBe(`${AUDIT_CSV_COLUMNS.join(',')}\r\n`);
  });

  it('quotes fields holding a comma, a quote, CR or LF, doubling quotes (RFC 4180)', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    const tricky = entry({ target: 'a "quoted", multi\r\nline target' });
    expect(parseCsv(auditCsv([tricky]))[1][5]).toBe('a "quoted", multi\r\nline target');
  });

  it('puts an apostrophe before cells a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=1')).toBe('a=1');
    const row = parseCsv(auditCsv([entry({ activity: '=cmd|" /C calc"!A0', actor: { id: 'system', name: '@admin' } })]))[1];
    expect(row[2]).toBe('\'=cmd|" /C calc"!A0');
    expect(row[3]).toBe("'@admin");
  });
});

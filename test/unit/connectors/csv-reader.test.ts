import { CsvSyntaxError, csvField, readCsvRows, type CsvRow } from '../../../infra/connectors/csv/csv-reader';

function rows(text: string): CsvRow[] {
  return [...readCsvRows(text)];
}

function syntaxError(text: string): CsvSyntaxError {
  try {
    rows(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a CsvSyntaxError');
}

describe('readCsvRows', () => {
  it('reads plain rows with LF or CRLF line ends, numbering the header as row 1', () => {
    expect(rows('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      { row: 1, fields: ['a', 'b', 'c'] },
      { row: 2, fields: ['1', '2', '3'] },
      { row: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('unquotes quoted fields with doubled quotes, commas and line breaks inside', () => {
    expect(rows('h1,h2\n"a ""quoted"" word","x,y"\n"line one\nline two",z\n')).toEqual([
      { row: 1, fields: ['h1', 'h2'] },
      { row: 2, fields: ['a "quoted" word', 'x,y'] },
      { row: 3, fields: ['line one\nline two', 'z'] },
    ]);
  });

  it('keeps counting file lines after a field that spans several, so row numbers stay line numbers', () => {
    expect(rows('h\n"1\n2\n3"\nafter\n"x"\n').map((r) => r.row)).toEqual([1, 2, 5, 6]);
  });

  it('reads JSON with many doubled quotes in one field, as audit exports write it', () => {
    const json = JSON.stringify({ Id: 'a', Operation: 'FileDownloaded', Nested: { List: ['x', 'y, z'] }, Text: 'say "hi"' });
    const text = `AuditData,Other\r\n"${json.replace(/"/g, '""')}",tail\r\n`;
    const [, data] = rows(text);
    expect(data.fields).toEqual([json, 'tail']);
    expect(JSON.parse(data.fields[0])).toEqual({ Id: 'a', Operation: 'FileDownloaded', Nested: { List: ['x', 'y, z'] }, Text: 'say "hi"' });
  });

  it('skips blank lines without renumbering the rows after them', () => {
    expect(rows('a\n\n   \nb\r\n\r\nc')).toEqual([
      { row: 1, fields: ['a'] },
      { row: 4, fields: ['b'] },
      { row: 6, fields: ['c'] },
    ]);
  });

  it('drops a leading byte-order mark', () => {
    expect(rows('\uFEFFAuditData\nx')).toEqual([
      { row: 1, fields: ['AuditData'] },
      { row: 2, fields: ['x'] },
    ]);
  });

  it('keeps empty fields, including a trailing one, and an empty quoted field', () => {
    expect(rows('a,,c,\n"",x,""\n')).toEqual([
      { row: 1, fields: ['a', '', 'c', ''] },
      { row: 2, fields: ['', 'x', ''] },
    ]);
    expect(rows('a,')).toEqual([{ row: 1, fields: ['a', ''] }]);
  });

  it('allows spaces after a closing quote but nothing else', () => {
    expect(rows('"a"  ,"b"\t\n')).toEqual([{ row: 1, fields: ['a', 'b'] }]);
    const error = syntaxError('h\n"a"b,c\n');
    expect(error.row).toBe(2);
    expect(error.message).toBe("row 2: unexpected character 'b' after a closing quote");
  });

  it('reports an unterminated quote at the row where it opens', () => {
    const error = syntaxError('h1,h2\nok,1\n"never closed,2\n3,4\n');
    expect(error.row).toBe(3);
    expect(error.message).toBe('row 3: a quoted field is not closed before the end of the file');
    // A doubled quote at the very end is a literal quote, not a closing one.
    expect(syntaxError('"abc""').row).toBe(1);
  });
});

describe('csvField', () => {
  it('quotes only values that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through readCsvRows', () => {
    const values = ['{"Id":"1","List":["a, b"]}', 'x', 'multi\r\nline', ''];
    const [row] = rows(`${values.map(csvField).join(',')}\n`);
    expect(row.fields).toEqual(values);
  });
});

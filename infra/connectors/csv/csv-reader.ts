import { ValidationError } from '../../../core/errors';
/**
 * RFC 4180 CSV reading: quoted fields, doubled quotes, commas and line breaks inside quotes,
 * CRLF or LF line ends, a leading UTF-8 byte-order mark. Each row keeps its 1-based line number
 * in the file (the header is row 1), which is what error messages name.
 */
export interface CsvRow {
  /** 1-based row number in the file: the header is row 1, the first data row is row 2. */
  readonly row: number;
  readonly fields: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    reason: string,
  ) {
    super(`row ${row}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

/** Yields every non-blank row, header included. Throws CsvSyntaxError on an unterminated quote. */
export function* readCsvRows(text: string): Generator<CsvRow> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let row = 1;
  // The first line break at or after some earlier position (-1: none left). Quoted fields count
  // the breaks they span through it, so a field is scanned once, not once per quote inside it.
  let nextBreak = text.indexOf('\n', i);
  while (i < n) {
    const startRow = row;
    const fields: string[] = [];
    let field = '';
    let endOfRow = false;
    while (!endOfRow) {
      if (i < n && text.charCodeAt(i) === 34 /* " */) {
        // Quoted field: runs to the closing quote; "" is a literal quote. Sliced once and unescaped
        // once: audit exports put ~1 KB of JSON with dozens of doubled quotes in one field.
        i++;
        const start = i;
        let escaped = false;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote < 0) throw new CsvSyntaxError(startRow, 'a quoted field is not closed before the end of the file');
          if (nextBreak !== -1 && nextBreak < i) nextBreak = text.indexOf('\n', i);
          while (nextBreak !== -1 && nextBreak < quote) {
            row++;
            nextBreak = text.indexOf('\n', nextBreak + 1);
          }
          if (text.charCodeAt(quote + 1) === 34) {
            escaped = true;
            i = quote + 2;
            continue;
          }
          // Every quote inside came in pairs, so replacing pairs left to right unescapes exactly.
          field = escaped ? text.slice(start, quote).replaceAll('""', '"') : text.slice(start, quote);
          i = quote + 1;
          break;
        }
        // After a closing quote only a separator or a line end may follow.
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] !== ' ' && text[i] !== '\t') {
            throw new CsvSyntaxError(startRow, `unexpected character '${text[i]}' after a closing quote`);
          }
          i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      field = '';
      if (i >= n) {
        endOfRow = true;
      } else if (text[i] === ',') {
        i++;
        if (i >= n) {
          fields.push('');
          endOfRow = true;
        }
      } else {
        // \r\n, \n or a lone \r ends the row.
        if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
        else i++;
        endOfRow = true;
      }
    }
    const blank = fields.length === 1 && fields[0].trim() === '';
    if (!blank) yield { row: startRow, fields };
    row++;
  }
}

/** Quotes a value for writing CSV (used by exports and test fixtures). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Every row of a file, read before any is used: a syntax error anywhere makes every row boundary
 * after it doubtful, so it rejects the whole file as a ValidationError naming file and row.
 */
export function readAllCsvRows(text: string, file: string): CsvRow[] {
  try {
    return [...readCsvRows(text)];
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      const reason = error.message.replace(/^row \d+: /, '');
      throw new ValidationError(`${file}: not valid CSV at row ${error.row}: ${reason}`, [{ file, row: error.row, reason }], { cause: error });
    }
    throw error;
  }
}

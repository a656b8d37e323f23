import { ValidationError } from '../../../core/errors';

export interface MultipartPart {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
  readonly data: Buffer;
}

/**
 * Parses a multipart/form-data body (RFC 7578) held in memory. The HR connector's upload script
 * sends the CSV as the form field `file`; this reads every part and leaves choosing to the caller.
 */
export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (boundary === undefined) {
    throw new ValidationError('multipart/form-data request without a boundary parameter in Content-Type', [
      { field: 'Content-Type', reason: 'expected multipart/form-data; boundary=…' },
    ]);
  }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position === -1) throw malformed('the boundary does not occur in the body');
  for (;;) {
    position += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break;
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    else if (body[position] === 0x0a) position += 1;
    else throw malformed('a boundary is not followed by a line break');
    const headerEnd = indexOfHeaderEnd(body, position);
    if (headerEnd === -1) throw malformed('a part has no blank line after its headers');
    const headers = body.subarray(position, headerEnd.start).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd.end);
    if (next === -1) throw malformed('the closing boundary is missing');
    // The line break before the next delimiter belongs to the delimiter, not the content.
    let dataEnd = next;
    if (body[dataEnd - 1] === 0x0a) dataEnd--;
    if (body[dataEnd - 1] === 0x0d) dataEnd--;
    parts.push({ ...parsePartHeaders(headers), data: body.subarray(headerEnd.end, dataEnd) });
    position = next;
  }
  return parts;
}

function indexOfHeaderEnd(body: Buffer, from: number): { start: number; end: number } | -1 {
  const crlf = body.indexOf('\r\n\r\n', from);
  const lf = body.indexOf('\n\n', from);
  if (crlf !== -1 && (lf === -1 || crlf <= lf)) return { start: crlf, end: crlf + 4 };
  if (lf !== -1) return { start: lf, end: lf + 2 };
  return -1;
}

function parsePartHeaders(headers: string): { name: string; filename?: string; contentType?: string } {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of headers.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? /\bname=([^;\s]+)/i.exec(value)?.[1];
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? /\bfilename=([^;\s]+)/i.exec(value)?.[1];
    } else if (key === 'content-type') {
      contentType = value;
    }
  }
  if (name === undefined) throw malformed('a part has no Content-Disposition name');
  return { name, filename, contentType };
}

function malformed(reason: string): ValidationError {
  return new ValidationError(`malformed multipart/form-data body: ${reason}`, [{ field: 'body', reason }]);
}

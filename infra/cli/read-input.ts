import fs from 'node:fs';
import { ValidationError } from '../../core/errors';
import type { SignalFormat } from '../../core/ingest/record-outcome';

function unreadable(file: string, error: unknown): ValidationError {
  return new ValidationError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, [{ file, reason: 'cannot be read' }]);
}

/** The first 64 KiB of a file, decoded: what format detection looks at. */
export function readPrefix(file: string): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    throw unreadable(file, error);
  }
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A signal file's bytes. Kept as bytes, not decoded to one string: the parsers that can read
 * bytes then hold one record's text at a time in the JS heap instead of the whole file.
 */
export function readInput(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** Records in a line-oriented file (for the progress bar); unknown for JSON documents. */
export function countLines(bytes: Buffer, format: SignalFormat): number | undefined {
  if (!format.endsWith('-csv') && format !== 'audit-ndjson') return undefined;
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) n++;
  return format === 'audit-ndjson' ? n : n - 1;
}

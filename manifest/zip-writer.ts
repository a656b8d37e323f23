import zlib from 'node:zlib';
import { crc32 } from './crc32';

/**
 * Writes a plain zip archive (PKWARE APPNOTE: local headers, central directory, end record) for
 * the Teams app package, which holds three small files and needs nothing more: no zip64, no
 * encryption, no data descriptors, no extra fields.
 *
 * Every entry gets the same fixed timestamp, so the same inputs always give the same bytes and a
 * rebuilt package can be compared with the one that was uploaded.
 */

export interface ZipEntryInput {
  /** Path inside the archive, `/`-separated and relative ("manifest.json"). */
  readonly name: string;
  readonly data: Uint8Array;
}

export interface ZipOptions {
  /** Stored in every entry; defaults to 1980-01-01 00:00, the earliest time the format can hold. */
  readonly modifiedAt?: Date;
  /** 'auto' (the default) deflates an entry only when that makes it smaller. */
  readonly compression?: 'auto' | 'store' | 'deflate';
}

const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** General-purpose flag bit 11: the name is UTF-8 (only set when the name needs it). */
const FLAG_UTF8 = 0x0800;
/** "Version needed to extract": 1.0 for stored entries, 2.0 for deflate. */
const VERSION_STORE = 10;
const VERSION_DEFLATE = 20;
/** "Version made by": high byte 3 = UNIX, so the external attributes carry file permissions. */
const MADE_BY_UNIX = (3 << 8) | VERSION_DEFLATE;
/** A regular file, rw-r--r--, in the high 16 bits as UNIX zip tools write it. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;
const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;

export function writeZip(entries: readonly ZipEntryInput[], options: ZipOptions = {}): Buffer {
  if (entries.length > MAX_16) throw new RangeError(`a zip without zip64 holds at most ${MAX_16} entries`);
  const { time, date } = dosDateTime(options.modifiedAt ?? new Date(1980, 0, 1, 0, 0, 0));
  const seen = new Set<string>();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const entry of entries) {
    checkName(entry.name, seen);
    const name = Buffer.from(entry.name, 'utf8');
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : FLAG_UTF8;
    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    const crc = crc32(data);
    const { method, body } = compress(data, options.compression ?? 'auto');
    if (data.length > MAX_32 || body.length > MAX_32 || offset > MAX_32) {
      throw new RangeError(`'${entry.name}' is too large for a zip without zip64`);
    }
    const version = method === METHOD_DEFLATE ? VERSION_DEFLATE : VERSION_STORE;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28); // extra field length
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(version, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra field length
    central.writeUInt16LE(0, 32); // comment length
    central.writeUInt16LE(0, 34); // disk number start
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
    central.writeUInt32LE(offset, 42); // where this entry's local header starts
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }

  const directory = Buffer.concat(centrals);
  if (offset > MAX_32 || directory.length > MAX_32) throw new RangeError('archive too large for a zip without zip64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4); // this disk
  end.writeUInt16LE(0, 6); // disk where the central directory starts
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20); // archive comment length
  return Buffer.concat([...locals, directory, end]);
}

function compress(data: Buffer, mode: 'auto' | 'store' | 'deflate'): { method: number; body: Buffer } {
  if (mode === 'store') return { method: METHOD_STORE, body: data };
  // Zip entries carry raw deflate: no zlib header, no Adler-32 (the CRC-32 is in the headers).
  const deflated = zlib.deflateRawSync(data, { level: 9 });
  if (mode === 'deflate' || deflated.length < data.length) return { method: METHOD_DEFLATE, body: deflated };
  return { method: METHOD_STORE, body: data };
}

/** Names that unzip tools would place outside the target folder, or could not store, are refused. */
function checkName(name: string, seen: Set<string>): void {
  const problem =
    name === '' ? 'is empty'
    : name.startsWith('/') || /^[A-Za-z]:/.test(name) ? 'is absolute'
    : name.includes('\\') ? 'uses \\ (zip paths use /)'
    : name.split('/').some((part) => part === '..' || part === '.' || part === '') ? 'has an empty, . or .. segment'
    : Buffer.byteLength(name, 'utf8') > MAX_16 ? 'is too long'
    : seen.has(name) ? 'appears twice'
    : undefined;
  if (problem !== undefined) throw new Error(`zip entry name '${name}' ${problem}`);
  seen.add(name);
}

/**
 * MS-DOS date and time, local time as zip tools read it: 2-second resolution, years 1980-2107.
 * Times outside that range are clamped rather than wrapped into a wrong date.
 */
function dosDateTime(at: Date): { time: number; date: number } {
  if (Number.isNaN(at.getTime())) throw new RangeError('modifiedAt is not a valid date');
  const year = at.getFullYear();
  if (year < 1980) return { time: 0, date: (1 << 5) | 1 };
  if (year > 2107) return { time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 };
  return {
    time: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

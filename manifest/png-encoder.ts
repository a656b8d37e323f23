import zlib from 'node:zlib';
import { crc32 } from './crc32';

/**
 * The smallest PNG writer the app icons need: 8-bit RGBA, no interlace, every scanline with
 * filter type 0 (None), one IDAT chunk, no ancillary chunks. The same pixels always give the
 * same bytes for a given zlib, so regenerating the icons does not churn the committed files.
 */

/** Straight (not premultiplied) RGBA, row-major from the top-left, 4 bytes a pixel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  /** 6 is RGBA, 2 RGB, 3 palette, 0 grey, 4 grey + alpha. */
  readonly colorType: number;
  readonly interlace: number;
}

export const PNG_SIGNATURE: Buffer = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const COLOR_TYPE_RGBA = 6;

export function encodePng(image: RgbaImage): Buffer {
  const { width, height, pixels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`PNG size must be positive whole numbers, got ${width}x${height}`);
  }
  const stride = width * 4;
  if (pixels.length !== stride * height) {
    throw new RangeError(`expected ${stride * height} bytes of RGBA for ${width}x${height}, got ${pixels.length}`);
  }

  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = COLOR_TYPE_RGBA;
  ihdr[10] = 0; // compression: deflate, the only method PNG defines
  ihdr[11] = 0; // filter method 0 (the five adaptive filters); we only use type 0 of them
  ihdr[12] = 0; // no interlace

  // Each scanline is prefixed by its filter-type byte.
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    raw[at] = 0;
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), at + 1);
  }
  // IDAT holds a zlib stream (header + deflate + Adler-32), not raw deflate.
  const idat = zlib.deflateSync(raw, { level: 9 });

  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Length, type, data, then the CRC-32 of type + data (the length is not covered). */
function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(head.subarray(4, 8))), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Reads the signature and the IHDR chunk, checking IHDR's CRC. Packaging uses it to refuse icons
 * of the wrong size, which the manifest schema cannot see.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new Error('not a PNG file (the 8-byte PNG signature is missing)');
  }
  if (buf.readUInt32BE(8) !== 13 || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new Error('not a valid PNG file (IHDR must be the first chunk, 13 bytes long)');
  }
  if (crc32(buf.subarray(12, 29)) !== buf.readUInt32BE(29)) {
    throw new Error('not a valid PNG file (the IHDR checksum does not match)');
  }
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf[24],
    colorType: buf[25],
    interlace: buf[28],
  };
}

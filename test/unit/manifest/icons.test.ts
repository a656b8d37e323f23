import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { crc32 } from '../../../manifest/crc32';
import { ACCENT_COLOR, paintColorIcon, paintOutlineIcon } from '../../../manifest/icon-painter';
import { readManifestTemplate } from '../../../manifest/manifest-builder';
import { encodePng, PNG_SIGNATURE, readPngHeader, type RgbaImage } from '../../../manifest/png-encoder';

const MANIFEST_DIR = path.resolve(__dirname, '../../../manifest');

interface Chunk {
  type: string;
  data: Buffer;
}

/** Splits a PNG into chunks, checking the signature and every chunk's CRC on the way. */
function readChunks(png: Buffer): Chunk[] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const chunks: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect({ type, crc: png.readUInt32BE(at + 8 + length) }).toEqual({ type, crc: crc32(png.subarray(at + 4, at + 8 + length)) });
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  return chunks;
}

/**
 * Decodes an 8-bit RGBA, non-interlaced PNG (what our encoder writes), undoing all five scanline
 * filter types so the check does not depend on the encoder only ever using type 0.
 */
function decodePng(png: Buffer): RgbaImage {
  const chunks = readChunks(png);
  expect(chunks[0].type).toBe('IHDR');
  expect(chunks[chunks.length - 1]).toEqual({ type: 'IEND', data: Buffer.alloc(0) });
  const header = readPngHeader(png);
  expect(header).toMatchObject({ bitDepth: 8, colorType: 6, interlace: 0 });
  const { width, height } = header;
  const raw = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * 4;
  expect(raw.length).toBe((stride + 1) * height);
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= 4 ? pixels[y * stride + i - 4] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const c = i >= 4 && y > 0 ? pixels[(y - 1) * stride + i - 4] : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`row ${y}: unknown filter type ${filter}`);
      pixels[y * stride + i] = (x + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return Array.from(image.pixels.subarray(at, at + 4));
}

const readIcon = (file: string): Buffer => fs.readFileSync(path.join(MANIFEST_DIR, file));

describe('app icons', () => {
  it('are the files the manifest names', () => {
    const template = readManifestTemplate() as { icons: unknown; accentColor: unknown };
    expect(template.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(template.accentColor).toBe(ACCENT_COLOR);
    expect(fs.existsSync(path.join(MANIFEST_DIR, 'color.png'))).toBe(true);
    expect(fs.existsSync(path.join(MANIFEST_DIR, 'outline.png'))).toBe(true);
  });

  it('color.png is a valid 192x192 PNG, opaque, full-bleed accent with the mark inside the 120x120 safe area', () => {
    const image = decodePng(readIcon('color.png'));
    expect([image.width, image.height]).toEqual([192, 192]);
    const accent = [1, 3, 5].map((i) => parseInt(ACCENT_COLOR.slice(i, i + 2), 16)).concat(255);
    let markPixels = 0;
    const wrong: string[] = [];
    for (let y = 0; y < 192; y++) {
      for (let x = 0; x < 192; x++) {
        const p = pixel(image, x, y).join();
        const inSafeArea = x >= 36 && x < 156 && y >= 36 && y < 156;
        if (!p.endsWith(',255')) wrong.push(`(${x},${y}) not opaque: ${p}`);
        else if (!inSafeArea && p !== accent.join()) wrong.push(`(${x},${y}) outside the safe area: ${p}`);
        else if (inSafeArea && p !== accent.join()) markPixels++;
      }
    }
    // One expectation for the whole image: a failure lists the pixels instead of stopping at one.
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(markPixels).toBeGreaterThan(120 * 120 * 0.25);
  });

  it('outline.png is a valid 32x32 PNG of white on transparent only', () => {
    const image = decodePng(readIcon('outline.png'));
    expect([image.width, image.height]).toEqual([32, 32]);
    const alphas = new Set<number>();
    const notWhite: string[] = [];
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixel(image, x, y);
        // Every pixel is white; only its opacity varies (0, 255, or partial along anti-aliased edges).
        if (r !== 255 || g !== 255 || b !== 255) notWhite.push(`(${x},${y}) ${[r, g, b, a].join()}`);
        alphas.add(a);
      }
    }
    expect(notWhite).toEqual([]);
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]]) expect(pixel(image, x, y)[3]).toBe(0);
  });

  it('committed icons are what icon-painter draws (run `npm run package -- --draw-icons` after changing it)', () => {
    // Compared as pixels, not bytes: another zlib may compress the same pixels differently.
    expect(Buffer.from(decodePng(readIcon('color.png')).pixels).equals(Buffer.from(paintColorIcon().pixels))).toBe(true);
    expect(Buffer.from(decodePng(readIcon('outline.png')).pixels).equals(Buffer.from(paintOutlineIcon().pixels))).toBe(true);
  });
});

describe('PNG encoder', () => {
  const image: RgbaImage = {
    width: 3,
    height: 2,
    pixels: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 250, 251, 252, 253, 9, 8, 7, 6]),
  };

  it('round-trips pixels through IHDR, IDAT and IEND with valid CRCs', () => {
    const png = encodePng(image);
    expect(readChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(readPngHeader(png)).toEqual({ width: 3, height: 2, bitDepth: 8, colorType: 6, interlace: 0 });
    expect(decodePng(png)).toEqual({ width: 3, height: 2, pixels: image.pixels });
    expect(encodePng(image).equals(png)).toBe(true);
  });

  it('refuses pixel buffers that do not match the size, and files that are not PNG', () => {
    expect(() => encodePng({ width: 3, height: 2, pixels: new Uint8Array(23) })).toThrow('expected 24 bytes of RGBA for 3x2, got 23');
    expect(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => readPngHeader(Buffer.from('GIF89a and then some more bytes to be long enough'))).toThrow('not a PNG file');
    const corrupt = encodePng(image);
    corrupt[17] ^= 1; // a bit of the width
    expect(() => readPngHeader(corrupt)).toThrow('the IHDR checksum does not match');
  });
});

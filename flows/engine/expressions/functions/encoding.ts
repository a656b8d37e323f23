import { expressionError } from './args';

/**
 * Byte-level helpers for the conversion functions: UTF-8, base64, data URIs and URI escaping,
 * written against the language globals only (no Node modules), so they stay pure.
 */

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes bytes in `charset` (UTF-8 by default); invalid sequences become U+FFFD. */
export function decodeBytes(fn: string, bytes: Uint8Array, charset = 'utf-8'): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    throw expressionError(`${fn} does not know the character set '${charset}'`);
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALPHABET_INDEX = new Map([...ALPHABET].map((ch, index) => [ch, index]));

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index];
    const b = index + 1 < bytes.length ? bytes[index + 1] : 0;
    const c = index + 2 < bytes.length ? bytes[index + 2] : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += ALPHABET[(triple >> 18) & 63] + ALPHABET[(triple >> 12) & 63];
    out += index + 1 < bytes.length ? ALPHABET[(triple >> 6) & 63] : '=';
    out += index + 2 < bytes.length ? ALPHABET[triple & 63] : '=';
  }
  return out;
}

/**
 * Strict base64 as .NET's Convert.FromBase64String reads it: white space is ignored, the length
 * must be a multiple of 4 and `=` may only pad the end. Undefined when the text is not base64.
 */
export function fromBase64(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((compact.length / 4) * 3 - padding);
  let out = 0;
  for (let index = 0; index < compact.length; index += 4) {
    const count = index + 4 === compact.length ? 3 - padding : 3;
    const sextets = [0, 1, 2, 3].map((offset) => ALPHABET_INDEX.get(compact[index + offset]) ?? 0);
    const triple = (sextets[0] << 18) | (sextets[1] << 12) | (sextets[2] << 6) | sextets[3];
    if (count > 0) bytes[out++] = (triple >> 16) & 255;
    if (count > 1) bytes[out++] = (triple >> 8) & 255;
    if (count > 2) bytes[out++] = triple & 255;
  }
  return bytes;
}

export function base64OrFail(fn: string, text: string): Uint8Array {
  const bytes = fromBase64(text);
  if (bytes === undefined) throw expressionError(`${fn} expects a base64-encoded string; '${text.length > 40 ? `${text.slice(0, 40)}…` : text}' is not valid base64`);
  return bytes;
}

/** `Uri.EscapeDataString`: everything but `A-Z a-z 0-9 - _ . ~` is percent-encoded (UTF-8). */
export function escapeUriComponent(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * `Uri.UnescapeDataString`: decodes `%XX` sequences that form valid UTF-8 and leaves anything
 * else (a lone `%`, an invalid sequence) as it is, instead of failing.
 */
export function unescapeUriComponent(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%[0-9A-Fa-f]{2}/g, (one) => {
        try {
          return decodeURIComponent(one);
        } catch {
          return one;
        }
      });
    }
  });
}

export interface DataUri {
  /** Media type with its parameters, without `;base64` (`text/plain;charset=utf-8`); `text/plain` when empty. */
  readonly mediaType: string;
  /** The `charset` parameter, when present. */
  readonly charset?: string;
  readonly bytes: Uint8Array;
}

/** `data:[<media type>][;base64],<data>`; URL-encoded data (`+` for a space) when not base64. */
export function parseDataUri(fn: string, text: string): DataUri {
  if (!/^data:/i.test(text)) throw expressionError(`${fn} expects a data URI ('data:[<media type>][;base64],<data>'); got a string that does not start with 'data:'`);
  const comma = text.indexOf(',');
  if (comma < 0) throw expressionError(`${fn} expects a data URI with a ',' before its data`);
  const params = text.slice(5, comma).split(';');
  const base64 = params.length > 0 && params[params.length - 1].toLowerCase() === 'base64';
  if (base64) params.pop();
  const data = text.slice(comma + 1);
  const bytes = base64 ? base64OrFail(fn, data) : utf8Bytes(unescapeUriComponent(data.replace(/\+/g, ' ')));
  const charsetParam = params.slice(1).find((param) => /^charset=/i.test(param));
  const mediaType = params.join(';') === '' ? 'text/plain' : params.join(';');
  return charsetParam === undefined ? { mediaType, bytes } : { mediaType, charset: charsetParam.slice('charset='.length), bytes };
}

/** Bytes of a UTF-8 byte-order mark at the start of `bytes` (3, or 0 without one). */
export function utf8BomLength(bytes: Buffer): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

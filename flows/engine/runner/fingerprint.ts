/**
 * A short fingerprint of a JSON value (FNV-1a over its JSON text, two 32-bit lanes, hex). Not a
 * security measure: it lets a resumed run check that a value it re-computed is the one it had
 * before, where storing the value itself would make the step record too large.
 */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

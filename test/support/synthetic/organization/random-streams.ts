import { createRandom, type Random } from '../random';

/**
 * Independent random streams. Each user-day gets its own stream, so a day can be generated on its
 * own (streaming large organizations) and planting an insider never shifts anyone else's noise.
 */

/** A 32-bit bijective mix (two xor-shift-multiply rounds): distinct inputs stay distinct. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 16-bit bijective mix. */
function mix16(x: number): number {
  let h = x & 0xffff;
  h = (Math.imul(h ^ (h >>> 8), 0x6d2b) & 0xffff) >>> 0;
  h = (Math.imul(h ^ (h >>> 7), 0x9e37) & 0xffff) >>> 0;
  return (h ^ (h >>> 8)) & 0xffff;
}

/** A seed for the stream named by `parts` under the organization seed. */
export function streamSeed(seed: number, ...parts: readonly number[]): number {
  let h = mix32(seed ^ 0x9e3779b9);
  for (const p of parts) h = mix32((h + Math.imul(p >>> 0, 0x85ebca6b)) >>> 0);
  return h;
}

export function stream(seed: number, ...parts: readonly number[]): Random {
  return createRandom(streamSeed(seed, ...parts));
}

/** Stream names: the first part of every `stream(...)` call, so two purposes never share one. */
export const STREAM = {
  people: 1,
  sites: 2,
  userDay: 3,
  insider: 4,
  hr: 5,
  alerts: 6,
  badgeDay: 7,
} as const;

/** Knuth's method: fine for the small means used here. */
export function poisson(random: Random, mean: number): number {
  if (mean <= 0) return 0;
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random.next();
  while (p > limit) {
    k++;
    p *= random.next();
  }
  return k;
}

export function chance(random: Random, p: number): boolean {
  return random.next() < p;
}

/** Fisher–Yates on a copy. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * `length` random hex digits, four bytes per draw. The shared `Random.hex` pads and slices a
 * string per draw; hashes on every device record made that the generator's hot spot.
 */
export function randomHex(random: Random, length: number): string {
  let s = '';
  while (s.length < length) {
    const v = Math.floor(random.next() * 0x100000000);
    s += BYTE_HEX[v >>> 24] + BYTE_HEX[(v >>> 16) & 0xff] + BYTE_HEX[(v >>> 8) & 0xff] + BYTE_HEX[v & 0xff];
  }
  return s.length === length ? s : s.slice(0, length);
}

/** A random version-4 GUID (for correlation ids and the like, where uniqueness does not matter). */
export function randomGuid(random: Random): string {
  const h = randomHex(random, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Sequence numbers from here on are reserved for planted records, so they never meet noise ids. */
export const PLANTED_SEQUENCE_BASE = 40_000;

/**
 * A version-4 GUID that is unique by construction for (user, day, sequence) within one
 * organization: three of its fields are bijections of those numbers, the rest is random so the
 * ids look like the service's. A purely random GUID from a 32-bit generator could repeat across
 * millions of records; a benchmark of 20,000 users × 90 days must not see duplicate `Id`s.
 */
export function recordGuid(random: Random, keys: { readonly user: number; readonly day: number; readonly sequence: number }): string {
  const a = hex(mix32(keys.user ^ 0x5bd1e995), 8);
  const day = hex(mix16(keys.day ^ 0x3c6e), 4);
  const sequence = hex(mix16(keys.sequence ^ 0xa54f), 4);
  const r = randomHex(random, 14);
  return `${a}-${r.slice(0, 4)}-4${r.slice(4, 7)}-a${r.slice(7, 10)}-${day}${sequence}${r.slice(10, 14)}`;
}

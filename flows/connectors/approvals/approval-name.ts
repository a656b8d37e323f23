/**
 * The approval's `name` (its "Approval ID", a GUID in Power Automate), derived from the step's
 * idempotency key: a retried or resumed subscribe names the same approval, and nothing random is
 * needed. Four FNV-1a hashes with different offsets give the 128 bits; this is an identifier, not
 * a secret (the wait token is what answers travel with).
 */
export function approvalName(idempotencyKey: string): string {
  const words = [0x811c9dc5, 0x050c5d1f, 0x2f8a36e1, 0x6b43a9b5].map((seed) => fnv1a(`approval:${idempotencyKey}`, seed));
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

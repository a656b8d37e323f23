/**
 * A webhook step's wait token: 128 random bits from the platform's cryptographic generator, as
 * 32 lower-case hex digits. Whoever holds it can answer the wait, so it must not be guessable;
 * `Math.random` would not do. Web Crypto is a global in Node 20, so no import is needed here.
 */
export function newWaitToken(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A new lower-case GUID for guid(). */
export function newGuid(): string {
  return globalThis.crypto.randomUUID();
}

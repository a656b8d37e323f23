/**
 * Cryptographic hashing for core (which may not import node:crypto): the audit chain's SHA-256
 * and the keyed hashes behind pseudonyms and opaque references. Implemented in infra/crypto.
 * Both functions are pure and never throw for string input; output is lower-case hex.
 */
export interface Hasher {
  sha256Hex(text: string): string;
  hmacSha256Hex(key: string, text: string): string;
}

import type { Hasher } from '../ports/hasher';

/**
 * Stable pseudonyms for the people analysts investigate (irm-reference §3.9): a keyed hash of the
 * lower-case UPN, so the same user always reads the same, nobody without the key can map a
 * pseudonym back by hashing directory names, and rotating the key re-pseudonymizes everyone.
 *
 * 40 bits of the HMAC: for 100,000 users the chance that any two share a pseudonym is about
 * 0.5 %; the reference ids (alerts, cases) below use more bits because they must be unique.
 */
export interface Pseudonymizer {
  /** `Anon-7F3A9C21D0` for `ada@contoso.com`; the same input always gives the same output. */
  pseudonym(upn: string): string;
  /** What a card or reply shows for a user: the pseudonym, or the UPN when privacy is off. */
  display(upn: string, pseudonymize: boolean): string;
  /** An opaque, stable reference for an internal id (alert, case) that may contain a UPN. */
  reference(kind: 'alert' | 'case', internalId: string): string;
}

export function createPseudonymizer(hasher: Hasher, key: string): Pseudonymizer {
  if (key.length < 16) throw new Error('the pseudonymization key must have at least 16 characters');
  const pseudonym = (upn: string): string => `Anon-${hasher.hmacSha256Hex(key, `user:${upn.trim().toLowerCase()}`).slice(0, 10).toUpperCase()}`;
  return {
    pseudonym,
    display: (upn, pseudonymize) => (pseudonymize ? pseudonym(upn) : upn.trim().toLowerCase()),
    reference: (kind, internalId) => `${kind === 'alert' ? 'A' : 'C'}-${hasher.hmacSha256Hex(key, `${kind}:${internalId}`).slice(0, 12).toUpperCase()}`,
  };
}

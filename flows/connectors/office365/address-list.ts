import { z } from 'zod';

/**
 * Address lists as the Office 365 connectors take them: one string, addresses separated by
 * semicolons (`a@contoso.com;b@contoso.com`). Commas are accepted too, since flow authors write
 * them and no plain address contains one. Blank entries (a trailing `;`) are dropped.
 */

const Address = z.email();

/** The addresses in `text`, trimmed, empty entries dropped; no validation. */
export function splitAddresses(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(/[;,]/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** The entries of `text` that are not e-mail addresses. */
export function invalidAddresses(text: string | undefined): string[] {
  return splitAddresses(text).filter((a) => !Address.safeParse(a).success);
}

/** A zod string of semicolon-separated addresses; each must be an e-mail address. */
export function addressList(what: string): z.ZodString {
  return z.string({ error: `expected ${what}: e-mail addresses separated by semicolons` }).refine((text) => invalidAddresses(text).length === 0, {
    error: (issue) => `expected e-mail addresses separated by semicolons; not an address: ${invalidAddresses(String(issue.input)).join(', ')}`,
  });
}

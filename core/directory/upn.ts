/**
 * User principal names as every source names them. Sources disagree on case
 * (`Ada.Lovelace@Contoso.com` in HR exports, lower case in audit records), and Entra ID treats
 * UPNs case-insensitively, so the lower-case form is the one key used everywhere.
 */

// Deliberately loose: one @, no whitespace, a dot in the domain. Entra allows characters that a
// strict RFC 5322 check would refuse, and refusing a real user is worse than accepting an odd one.
const UPN_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.][^\s@]*$/;

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUpnLike(value: string): boolean {
  return UPN_PATTERN.test(value) && !value.endsWith('.');
}

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export type UpnResult = { readonly ok: true; readonly upn: string } | { readonly ok: false; readonly reason: string };

/**
 * The lower-case UPN of a user reference, or why it is not one. An object id (GUID) is called out
 * separately: it is the most common mistake (a source system sending Entra ids), and the fix is
 * different from a typo.
 */
export function normalizeUpn(input: string): UpnResult {
  const value = input.trim();
  if (value === '') return { ok: false, reason: 'empty; a user principal name (e.g. ada@contoso.com) is required' };
  if (isGuid(value)) {
    return { ok: false, reason: `'${value}' is an object id (GUID), not a user principal name; send the UPN (e.g. ada@contoso.com)` };
  }
  if (!isUpnLike(value)) {
    return { ok: false, reason: `'${value}' is not a user principal name or e-mail address (expected name@domain, e.g. ada@contoso.com)` };
  }
  return { ok: true, upn: value.toLowerCase() };
}

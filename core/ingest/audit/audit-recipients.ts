/**
 * Who is outside the organization. Audit records name people in three shapes: a plain address
 * (`ada@fabrikam.com`), a guest's UPN in the home tenant (`ada_fabrikam.com#EXT#@contoso.onmicrosoft.com`)
 * and, for sharing to groups, a display name without any domain. Only the first two carry a
 * domain; for the guest form the domain that matters is the guest's own, not the tenant's.
 */

const EXT_MARKER = '#ext#';

/** The lower-case e-mail domain a user reference belongs to, or undefined when it names no domain. */
export function addressDomain(address: string): string | undefined {
  const value = address.trim().toLowerCase();
  const ext = value.indexOf(EXT_MARKER);
  if (ext > 0) {
    // A guest's UPN keeps the original address with "@" written as "_".
    const original = value.slice(0, ext);
    const underscore = original.lastIndexOf('_');
    if (underscore > 0 && underscore < original.length - 1) return original.slice(underscore + 1);
  }
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  return value.slice(at + 1);
}

/**
 * The address a user reference stands for, lower-case: a guest's UPN becomes the guest's own
 * address (`ada_fabrikam.com#EXT#@contoso.onmicrosoft.com` is `ada@fabrikam.com`), so the same
 * person is named the same way whichever record names them.
 */
export function recipientAddress(reference: string): string {
  const value = reference.trim().toLowerCase();
  const ext = value.indexOf(EXT_MARKER);
  if (ext <= 0) return value;
  const original = value.slice(0, ext);
  const underscore = original.lastIndexOf('_');
  if (underscore <= 0 || underscore === original.length - 1) return value;
  return `${original.slice(0, underscore)}@${original.slice(underscore + 1)}`;
}

/**
 * Whether a domain is the organization's own: one of the internal domains or a subdomain of one
 * (mail to `emea.contoso.com` stays inside Contoso).
 */
export function isInternalDomain(domain: string, internalDomains: ReadonlySet<string>): boolean {
  let candidate = domain;
  for (;;) {
    if (internalDomains.has(candidate)) return true;
    const dot = candidate.indexOf('.');
    if (dot < 0) return false;
    candidate = candidate.slice(dot + 1);
  }
}

/** The distinct external domains among addresses, in first-seen order. */
export function externalDomains(addresses: readonly string[], internalDomains: ReadonlySet<string>): string[] {
  const domains: string[] = [];
  for (const address of addresses) {
    const domain = addressDomain(address);
    if (domain !== undefined && !isInternalDomain(domain, internalDomains) && !domains.includes(domain)) {
      domains.push(domain);
    }
  }
  return domains;
}

/**
 * Purview's domain lists (allowed, unallowed, third-party), compiled into sets so one lookup costs
 * a few hash probes per label of the domain, whatever the list length. Semantics, shared with
 * core/settings: `contoso.com` matches itself, and every subdomain too when "include multi-level
 * subdomains" is set; `*.contoso.com` matches exactly one level below (sales.contoso.com), or any
 * depth with the flag, and never contoso.com itself.
 */

/** One entry as settings store it; a bare string is an entry without the multi-level flag. */
export interface DomainListEntry {
  readonly domain: string;
  readonly includeSubdomains?: boolean;
}
export type DomainListInput = readonly (string | DomainListEntry)[];

export interface DomainMatcher {
  readonly size: number;
  matches(domain: string): boolean;
}

export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

export function compileDomainList(entries: DomainListInput): DomainMatcher {
  const exact = new Set<string>();
  const selfAndBelow = new Set<string>();
  const oneLevelBelow = new Set<string>();
  const anyLevelBelow = new Set<string>();
  for (const entry of entries) {
    const raw = typeof entry === 'string' ? { domain: entry } : entry;
    const domain = normaliseDomain(raw.domain);
    if (domain.length === 0) continue;
    const multiLevel = raw.includeSubdomains === true;
    if (domain.startsWith('*.')) (multiLevel ? anyLevelBelow : oneLevelBelow).add(domain.slice(2));
    else (multiLevel ? selfAndBelow : exact).add(domain);
  }
  const size = exact.size + selfAndBelow.size + oneLevelBelow.size + anyLevelBelow.size;
  return {
    size,
    matches(input: string): boolean {
      if (size === 0) return false;
      const domain = normaliseDomain(input);
      if (exact.has(domain) || selfAndBelow.has(domain)) return true;
      // Walk the parents: a.b.contoso.com → b.contoso.com (depth 1) → contoso.com (depth 2) → com.
      let depth = 0;
      for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
        depth++;
        const parent = domain.slice(dot + 1);
        if (selfAndBelow.has(parent) || anyLevelBelow.has(parent)) return true;
        if (depth === 1 && oneLevelBelow.has(parent)) return true;
      }
      return false;
    },
  };
}

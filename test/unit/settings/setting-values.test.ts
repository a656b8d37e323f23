import { compileDomainList } from '../../../core/scoring/domain-list';
import { compileFilePathPatterns } from '../../../core/scoring/file-path-pattern';
import {
  type DomainEntry,
  domainMatches as referenceDomainMatches,
  filePathExclusionMatches as referenceFilePathMatches,
  parseDomainEntry,
  parseFileExtension,
  parseFilePathExclusion,
  parseUserPrincipalName,
  splitListText,
} from '../../../core/settings/setting-values';
import { closestName, levenshtein } from '../../../core/settings/closest-name';

describe('domain entries', () => {
  it('parses plain, wildcard and multi-level entries', () => {
    expect(parseDomainEntry(' Contoso.COM ')).toEqual({ ok: true, value: { domain: 'contoso.com', includeSubdomains: false } });
    expect(parseDomainEntry('*.wingtiptoys.com')).toEqual({ ok: true, value: { domain: '*.wingtiptoys.com', includeSubdomains: false } });
    expect(parseDomainEntry('*.wingtiptoys.com +subdomains')).toEqual({ ok: true, value: { domain: '*.wingtiptoys.com', includeSubdomains: true } });
    expect(parseDomainEntry('xn--bcher-kva.example')).toEqual({ ok: true, value: { domain: 'xn--bcher-kva.example', includeSubdomains: false } });
  });

  it.each([
    ['', 'expected a domain such as contoso.com; got an empty value'],
    ['ada@contoso.com', 'expected the domain part only (contoso.com), not an address; got "ada@contoso.com"'],
    ['*.com', 'expected at least two labels (contoso.com after "*."); got "*.com"'],
    ['sales.*.contoso.com', 'a wildcard is allowed only as a leading "*." (as in *.contoso.com); got "sales.*.contoso.com"'],
    ['bücher.example', 'use the punycode (xn--) form of an internationalised domain; got "bücher.example"'],
    ['contoso.c0m', 'the top-level domain "c0m" of "contoso.c0m" must be letters only (or an xn-- name)'],
    [`${'a'.repeat(64)}.com`, `label "${'a'.repeat(64)}" of "${'a'.repeat(64)}.com" must be 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen`],
  ])('rejects %j', (raw, reason) => {
    expect(parseDomainEntry(raw)).toEqual({ ok: false, reason });
  });

  // The reference matcher and scoring's compiled one must agree on every case.
  const domainMatches = (entry: DomainEntry, domain: string) => {
    const reference = referenceDomainMatches(entry, domain);
    expect(compileDomainList([entry]).matches(domain)).toBe(reference);
    return reference;
  };

  it('matches an exact domain, and subdomains only when asked', () => {
    const exact = { domain: 'contoso.com', includeSubdomains: false };
    const withSubs = { domain: 'contoso.com', includeSubdomains: true };
    expect(domainMatches(exact, 'Contoso.com')).toBe(true);
    expect(domainMatches(exact, 'sales.contoso.com')).toBe(false);
    expect(domainMatches(withSubs, 'a.b.contoso.com')).toBe(true);
    expect(domainMatches(withSubs, 'notcontoso.com')).toBe(false);
  });

  it('matches a wildcard one level down, or every level with multi-level subdomains', () => {
    const one = { domain: '*.wingtiptoys.com', includeSubdomains: false };
    const many = { domain: '*.wingtiptoys.com', includeSubdomains: true };
    expect(domainMatches(one, 'sales.wingtiptoys.com')).toBe(true);
    expect(domainMatches(one, 'eu.sales.wingtiptoys.com')).toBe(false);
    expect(domainMatches(one, 'wingtiptoys.com')).toBe(false);
    expect(domainMatches(many, 'eu.sales.wingtiptoys.com')).toBe(true);
    expect(domainMatches(many, 'wingtiptoys.com')).toBe(false);
  });
});

describe('file path exclusions', () => {
  const filePathExclusionMatches = (pattern: string, path: string) => {
    const reference = referenceFilePathMatches(pattern, path);
    expect(compileFilePathPatterns([pattern]).firstMatch(path) !== undefined).toBe(reference);
    return reference;
  };

  it.each([
    ['C:\\temp', 'C:\\temp\\a\\b.txt', true],
    ['C:\\temp', 'C:\\temporary\\b.txt', false],
    ['C:\\temp', 'D:\\x\\C:\\temp', false],
    ['\\\\ms.temp\\LocalFolder\\', '\\\\ms.temp\\LocalFolder\\x.docx', true],
    ['\\public\\local\\', 'C:\\Users\\Public\\local\\f.txt', true],
    ['\\public\\local\\', 'C:\\Users\\User1\\Public\\local\\', true],
    ['\\public\\local\\', 'C:\\Users\\publicity\\local\\f.txt', false],
    ['C:\\Users\\*\\Desktop', 'C:\\Users\\user1\\Desktop\\a.txt', true],
    ['C:\\Users\\*\\Desktop', 'C:\\Users\\user2\\Shared\\Desktop\\a.txt', false],
    ['C:\\Users\\*(2)\\Desktop', 'C:\\Users\\user2\\Shared\\Desktop\\a.txt', true],
    ['C:\\Users\\*(2)\\Desktop', 'C:\\Users\\user1\\Desktop', true],
    ['C:\\Users\\*(2)\\Desktop', 'C:\\Users\\a\\b\\c\\Desktop', false],
    ['\\Users\\*\\AppData', 'C:\\Users\\Test1\\AppData\\Local\\x.tmp', true],
    ['/Users/*/Library', '/Users/ada/Library/Caches/x', true],
  ])('%s covers %s: %s', (pattern, path, expected) => {
    expect(parseFilePathExclusion(pattern).ok).toBe(true);
    expect(filePathExclusionMatches(pattern, path)).toBe(expected);
  });

  it('rejects a colon anywhere but after a drive letter', () => {
    expect(parseFilePathExclusion('C:\\a:b')).toEqual({ ok: false, reason: '":" is allowed only after a drive letter (C:\\…); got "C:\\\\a:b"' });
  });
});

describe('small values', () => {
  it('lower-cases UPNs and refuses guests and non-addresses', () => {
    expect(parseUserPrincipalName(' Ada@Contoso.com ')).toEqual({ ok: true, value: 'ada@contoso.com' });
    expect(parseUserPrincipalName('ada_fabrikam.com#EXT#@contoso.onmicrosoft.com')).toEqual({
      ok: false,
      reason: 'guest accounts are not supported; got "ada_fabrikam.com#EXT#@contoso.onmicrosoft.com"',
    });
    expect(parseUserPrincipalName('ada')).toEqual({ ok: false, reason: 'expected a user principal name such as ada@contoso.com; got "ada"' });
  });

  it('normalises file extensions with or without the dot', () => {
    expect(parseFileExtension('.DOCX')).toEqual({ ok: true, value: 'docx' });
    expect(parseFileExtension('7z')).toEqual({ ok: true, value: '7z' });
    expect(parseFileExtension('tar.gz').ok).toBe(false);
  });

  it('splits list text on commas and lines, honouring quotes', () => {
    expect(splitListText('a, b\nc,, "d, e" ,')).toEqual(['a', 'b', 'c', 'd, e']);
    expect(splitListText(' None ')).toEqual([]);
  });
});

describe('closest names', () => {
  it('computes edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });

  it('prefers a unique leaf match, then the smallest distance, then the first candidate', () => {
    expect(closestName('alertVolume', ['a.alertVolume', 'b.alertVolumes'])).toBe('a.alertVolume');
    expect(closestName('abd', ['abc', 'abe'])).toBe('abc');
    expect(closestName('x', [])).toBeUndefined();
  });
});

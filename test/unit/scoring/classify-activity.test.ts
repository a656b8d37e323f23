import { ValidationError } from '../../../core/errors';
import {
  activityDomains,
  classifyActivity,
  compileScoringLists,
  MAX_LIST_ENTRIES,
  type ScoringListsInput,
} from '../../../core/scoring/classify-activity';
import { compileDomainList } from '../../../core/scoring/domain-list';
import { compileFilePathPatterns } from '../../../core/scoring/file-path-pattern';
import { domainMatches, filePathExclusionMatches } from '../../../core/settings/setting-values';
import { activity } from './scoring-fixtures';

const APPDATA_DEFAULTS = ['\\Users\\*\\AppData', '\\Users\\*\\AppData\\Local', '\\Users\\*\\AppData\\Local\\Roaming', '\\Users\\*\\AppData\\Local\\Local\\Temp'];

describe('compileFilePathPatterns (Purview file path exclusions)', () => {
  const matcher = (p: string) => compileFilePathPatterns([p]);
  const covers = (p: string, path: string): boolean => matcher(p).firstMatch(path) !== undefined;

  it('treats a drive or UNC path as a prefix covering subfolders, at a folder boundary', () => {
    expect(covers('C:\\temp', 'C:\\temp\\a.docx')).toBe(true);
    expect(covers('C:\\temp', 'c:\\TEMP\\deep\\er\\a.docx')).toBe(true);
    expect(covers('C:\\temp', 'C:\\temporary\\a.docx')).toBe(false);
    expect(covers('C:\\temp', 'D:\\C:\\temp\\a.docx')).toBe(false);
    expect(covers('\\\\ms.temp\\LocalFolder\\', '\\\\ms.temp\\LocalFolder\\x\\y.txt')).toBe(true);
    expect(covers('\\\\ms.temp\\LocalFolder\\', '\\\\other\\ms.temp\\LocalFolder\\y.txt')).toBe(false);
  });

  it('matches a path that starts with a single backslash anywhere in the path', () => {
    for (const path of ['C:\\Users\\Public\\local\\', 'C:\\Users\\User1\\Public\\local\\f.txt', '\\\\ms.temp\\Public\\local']) {
      expect([path, covers('\\public\\local\\', path)]).toEqual([path, true]);
    }
    expect(covers('\\public\\local\\', 'C:\\Users\\publicity\\local\\f.txt')).toBe(false);
  });

  it('reads * as exactly one folder and *(n) as one up to n folders', () => {
    expect(covers('C:\\Users\\*\\Desktop', 'C:\\Users\\user1\\Desktop\\a.txt')).toBe(true);
    expect(covers('C:\\Users\\*\\Desktop', 'C:\\Users\\user2\\Shared\\Desktop\\a.txt')).toBe(false);
    expect(covers('C:\\Users\\*(2)\\Desktop', 'C:\\Users\\user1\\Desktop\\a.txt')).toBe(true);
    expect(covers('C:\\Users\\*(2)\\Desktop', 'C:\\Users\\user2\\Shared\\Desktop\\a.txt')).toBe(true);
    expect(covers('C:\\Users\\*(2)\\Desktop', 'C:\\Users\\a\\b\\c\\Desktop\\a.txt')).toBe(false);
  });

  it('covers application data under every user with the default exclusions, and forward slashes alike', () => {
    const defaults = compileFilePathPatterns(APPDATA_DEFAULTS);
    expect(defaults.firstMatch('C:\\Users\\Test1\\AppData\\Local\\x.tmp')).toBe('\\Users\\*\\AppData');
    expect(defaults.firstMatch('/Users/test2/AppData/Roaming/x')).toBe('\\Users\\*\\AppData');
    expect(defaults.firstMatch('C:\\Users\\Test1\\Documents\\AppData.docx')).toBeUndefined();
  });

  it('agrees with the settings validator on a grid of patterns and paths', () => {
    const patterns = ['C:\\temp', '\\public\\local\\', 'C:\\Users\\*\\Desktop', 'C:\\Users\\*(2)\\Desktop', 'Projects\\Secret', '\\\\srv\\share', ...APPDATA_DEFAULTS];
    const paths = [
      'C:\\temp\\a', 'C:\\temporary\\a', 'C:\\Users\\u\\Desktop\\f', 'C:\\Users\\u\\s\\Desktop\\f', 'C:\\Users\\u\\s\\t\\Desktop\\f',
      'D:\\Projects\\Secret\\x', 'D:\\MyProjects\\Secret\\x', '\\\\srv\\share\\a', '\\\\srv\\shared\\a', 'C:\\Users\\Public\\Local\\x',
      'C:\\Users\\u\\AppData\\Local\\Temp\\x',
    ];
    for (const pattern of patterns) {
      for (const path of paths) {
        const ours = compileFilePathPatterns([pattern]).firstMatch(path) !== undefined;
        expect([pattern, path, ours]).toEqual([pattern, path, filePathExclusionMatches(pattern, path)]);
      }
    }
  });
});

describe('compileDomainList', () => {
  it('matches a plain entry itself, and its subdomains only with the multi-level flag', () => {
    const plain = compileDomainList(['contoso.com']);
    expect(plain.matches('contoso.com')).toBe(true);
    expect(plain.matches('CONTOSO.COM.')).toBe(true);
    expect(plain.matches('a.contoso.com')).toBe(false);
    expect(plain.matches('notcontoso.com')).toBe(false);
    const deep = compileDomainList([{ domain: 'contoso.com', includeSubdomains: true }]);
    expect(deep.matches('contoso.com')).toBe(true);
    expect(deep.matches('a.b.contoso.com')).toBe(true);
  });

  it('matches *.domain exactly one level below, any depth with the flag, never the domain itself', () => {
    const one = compileDomainList(['*.wingtiptoys.com']);
    expect(one.matches('sales.wingtiptoys.com')).toBe(true);
    expect(one.matches('www.support.wingtiptoys.com')).toBe(false);
    expect(one.matches('wingtiptoys.com')).toBe(false);
    const any = compileDomainList([{ domain: '*.wingtiptoys.com', includeSubdomains: true }]);
    expect(any.matches('www.support.wingtiptoys.com')).toBe(true);
    expect(any.matches('wingtiptoys.com')).toBe(false);
    expect(compileDomainList([]).matches('anything.com')).toBe(false);
  });

  it('agrees with the settings matcher', () => {
    const entries = [
      { domain: 'contoso.com', includeSubdomains: false },
      { domain: 'contoso.com', includeSubdomains: true },
      { domain: '*.contoso.com', includeSubdomains: false },
      { domain: '*.contoso.com', includeSubdomains: true },
    ];
    for (const entry of entries) {
      for (const domain of ['contoso.com', 'a.contoso.com', 'a.b.contoso.com', 'xcontoso.com', 'com', 'contoso.com.evil.net']) {
        expect([entry, domain, compileDomainList([entry]).matches(domain)]).toEqual([entry, domain, domainMatches(entry, domain)]);
      }
    }
  });
});

describe('classifyActivity', () => {
  const settings: ScoringListsInput = {
    fileTypeExclusions: ['mp3', '.WAV'],
    filePathExclusions: APPDATA_DEFAULTS,
    keywordExclusions: [{ keyword: 'training', unlessContains: ['compliance'] }, 'newsletter'],
    siteUrlExclusions: ['https://contoso.sharepoint.com/sites/Public/'],
    sensitiveInfoTypeExclusions: ['Email Address'],
    allowedDomains: ['fabrikam.com', { domain: '*.adatum.com', includeSubdomains: true }],
    unallowedDomains: ['gmail.com', 'outlook.com'],
    thirdPartyDomains: ['*.box.com'],
    priorityContent: {
      siteUrls: ['https://contoso.sharepoint.com/sites/ProductRoadmap'],
      sensitivityLabels: ['Highly Confidential', '6f1d2a8e-0000-4000-8000-000000000001'],
      sensitiveInfoTypes: ['Credit Card Number', 'Email Address'],
      fileExtensions: ['.dwg', 'CAD'],
    },
    priorityPhysicalAssets: ['Mid-Sec-7'],
  };
  const lists = compileScoringLists(settings);
  const plain = { priorityContent: false, unallowedDomain: false, thirdPartyDomain: false };

  it('leaves an ordinary activity alone', () => {
    expect(classifyActivity(activity({ kind: 'file.downloaded', fileName: 'plan.docx', siteUrl: 'https://contoso.sharepoint.com/sites/Sales' }), lists)).toEqual(plain);
  });

  it('names the exclusion list and entry: file type, path, site, keyword', () => {
    expect(classifyActivity(activity({ kind: 'device.copied-to-usb', fileName: 'song.MP3' }), lists).excluded).toEqual({ list: 'fileType', entry: 'mp3' });
    expect(classifyActivity(activity({ kind: 'device.copied-to-usb', fileName: 'a.wav', fileExtension: 'wav' }), lists).excluded).toEqual({ list: 'fileType', entry: 'wav' });
    expect(classifyActivity(activity({ kind: 'device.file.deleted', filePath: 'C:\\Users\\ada\\AppData\\Local\\Temp\\x.tmp' }), lists).excluded).toEqual({
      list: 'filePath',
      entry: '\\Users\\*\\AppData',
    });
    expect(
      classifyActivity(activity({ kind: 'file.downloaded', siteUrl: 'https://contoso.sharepoint.com/sites/public', fileName: 'a.docx' }), lists).excluded,
    ).toEqual({ list: 'siteUrl', entry: 'https://contoso.sharepoint.com/sites/public' });
    expect(
      classifyActivity(activity({ kind: 'file.downloaded', filePath: 'https://contoso.sharepoint.com/sites/Public/Shared Documents/a.docx' }), lists).excluded,
    ).toEqual({ list: 'siteUrl', entry: 'https://contoso.sharepoint.com/sites/public' });
    expect(classifyActivity(activity({ kind: 'file.downloaded', siteUrl: 'https://contoso.sharepoint.com/sites/PublicRelations' }), lists).excluded).toBeUndefined();
  });

  it('applies keyword exclusions to names, paths and mail subjects, with the "unless it contains" exception', () => {
    expect(classifyActivity(activity({ kind: 'device.printed', fileName: 'Sales Training.pptx' }), lists).excluded).toEqual({ list: 'keyword', entry: 'training' });
    expect(classifyActivity(activity({ kind: 'device.printed', fileName: 'Compliance Training.pptx' }), lists).excluded).toBeUndefined();
    expect(
      classifyActivity(activity({ kind: 'email.sent.external-attachment', fileName: 'a.pdf', details: { subject: 'March NEWSLETTER' } }), lists).excluded,
    ).toEqual({ list: 'keyword', entry: 'newsletter' });
  });

  it('never excludes alerts or badge swipes (malware in AppData must still score)', () => {
    const alert = activity({ kind: 'defender.alert', source: 'defender', filePath: 'C:\\Users\\ada\\AppData\\evil.exe', fileName: 'song.mp3' });
    expect(classifyActivity(alert, lists).excluded).toBeUndefined();
  });

  it('ignores activity whose every external domain is allowed, for the domain-scoped kinds only', () => {
    expect(classifyActivity(activity({ kind: 'email.sent.external-attachment', targetDomains: ['fabrikam.com'] }), lists).ignored).toBe('allowedDomain');
    expect(classifyActivity(activity({ kind: 'file.shared.external', targetDomains: ['x.y.adatum.com'] }), lists).ignored).toBe('allowedDomain');
    expect(classifyActivity(activity({ kind: 'email.sent.external-attachment', targetDomains: ['fabrikam.com', 'gmail.com'] }), lists)).toEqual({
      ...plain,
      unallowedDomain: true,
    });
    expect(classifyActivity(activity({ kind: 'device.copied-to-usb', targetDomains: ['fabrikam.com'] }), lists).ignored).toBeUndefined();
  });

  it('reads domains from recipients or a URL destination when targetDomains is absent', () => {
    expect(activityDomains({ recipients: ['Bob@Gmail.com', 'not-an-address'] })).toEqual(['gmail.com']);
    expect(activityDomains({ destination: 'https://app.box.com/upload?x=1' })).toEqual(['app.box.com']);
    expect(activityDomains({ destination: 'Kingston DataTraveler' })).toEqual([]);
    const upload = activity({ kind: 'device.uploaded-to-cloud', destination: 'https://app.box.com/folder/1' });
    expect(classifyActivity(upload, lists)).toEqual({ ...plain, thirdPartyDomain: true });
  });

  it('finds priority content by site, label (also the label before a downgrade), info type, extension and asset', () => {
    const p = (overrides: Parameters<typeof activity>[0]): boolean => classifyActivity(activity(overrides), lists).priorityContent;
    expect(p({ kind: 'file.downloaded', siteUrl: 'https://contoso.sharepoint.com/sites/productroadmap' })).toBe(true);
    expect(p({ kind: 'file.downloaded', filePath: 'https://contoso.sharepoint.com/sites/ProductRoadmap/Docs/a.docx' })).toBe(true);
    expect(p({ kind: 'file.downloaded', siteUrl: 'https://contoso.sharepoint.com/sites/ProductRoadmapArchive' })).toBe(false);
    expect(p({ kind: 'label.downgraded', sensitivityLabel: 'General', previousSensitivityLabel: 'highly confidential' })).toBe(true);
    expect(p({ kind: 'device.copied-to-usb', sensitivityLabel: '6F1D2A8E-0000-4000-8000-000000000001' })).toBe(true);
    expect(p({ kind: 'device.copied-to-usb', sensitiveInfoTypes: ['credit card number'] })).toBe(true);
    // The exclusion list wins over the priority list.
    expect(p({ kind: 'device.copied-to-usb', sensitiveInfoTypes: ['Email Address'] })).toBe(false);
    expect(p({ kind: 'device.copied-to-usb', fileName: 'rotor.DWG' })).toBe(true);
    expect(p({ kind: 'device.copied-to-usb', fileName: 'rotor', fileExtension: 'cad' })).toBe(true);
    expect(p({ kind: 'physical.access', source: 'badging', assetId: 'mid-sec-7' })).toBe(true);
    expect(p({ kind: 'physical.access', source: 'badging', assetId: 'Lobby' })).toBe(false);
  });

  it('refuses lists over Purview limits, naming each', () => {
    const many = Array.from({ length: MAX_LIST_ENTRIES + 1 }, (_, i) => `d${i}.com`);
    const extensions = Array.from({ length: 51 }, (_, i) => `e${i}`);
    try {
      compileScoringLists({ unallowedDomains: many, priorityContent: { fileExtensions: extensions } });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['unallowedDomains', 'priorityContent.fileExtensions']);
    }
    expect(() => compileScoringLists({ unallowedDomains: many.slice(0, MAX_LIST_ENTRIES) })).not.toThrow();
  });

  it('compiles empty lists into matchers that match nothing', () => {
    const empty = compileScoringLists({});
    expect(classifyActivity(activity({ kind: 'email.sent.external-attachment', targetDomains: ['gmail.com'], fileName: 'a.mp3' }), empty)).toEqual(plain);
  });
});

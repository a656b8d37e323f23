import { ActivityKindSchema, type ActivityKind } from '../../../core/ingest/activity';
import {
  FAMILY_BASE_SCORE,
  INDICATOR_CATALOGUE,
  INDICATOR_IDS,
  IndicatorThresholdsSchema,
  SEVERITY_BASE_SCORE,
  baseScoreFor,
  indicatorDefinition,
  indicatorsFor,
  isIndicatorId,
  occurrenceKey,
} from '../../../core/scoring/indicator-catalogue';
import { activity } from './scoring-fixtures';

describe('indicator catalogue', () => {
  it('defines every id once, in INDICATOR_IDS order, with sane thresholds and the family base score', () => {
    expect(INDICATOR_CATALOGUE.map((d) => d.id)).toEqual([...INDICATOR_IDS]);
    for (const d of INDICATOR_CATALOGUE) {
      expect(IndicatorThresholdsSchema.safeParse(d.thresholds).success).toBe(true);
      expect(d.baseScore).toBe(FAMILY_BASE_SCORE[d.family]);
      expect(d.label.length).toBeGreaterThan(5);
      // Exfiltration channels are exactly the exfiltration family (clipboard copies are collection).
      if (d.exfiltrationChannel !== undefined) expect(d.family).toBe('exfiltration');
    }
  });

  it('covers every activity kind except HR records (triggers) and plain uploads', () => {
    const covered = new Set(INDICATOR_CATALOGUE.flatMap((d) => d.match.kinds));
    const uncovered = ActivityKindSchema.options.filter((k) => !covered.has(k));
    expect(uncovered.sort()).toEqual(
      ['file.uploaded', 'hr.employee-profile', 'hr.job-level-change', 'hr.performance-improvement-plan', 'hr.performance-review', 'hr.resignation'].sort(),
    );
  });

  it('makes exfiltration to USB or personal cloud need fewer events than a SharePoint download, and one alert significant', () => {
    const low = (id: (typeof INDICATOR_IDS)[number]): number => indicatorDefinition(id).thresholds.low;
    expect(indicatorDefinition('SpoDownload').thresholds).toEqual({ low: 10, medium: 20, high: 30 });
    expect(low('CopyToUSB')).toBeLessThan(low('SpoDownload'));
    expect(low('CopyToPersonalCloud')).toBeLessThan(low('SpoDownload'));
    expect(low('HighSeverityDlpRuleMatch')).toBe(1);
    expect(low('SecurityAlertDefenseEvasion')).toBe(1);
    expect(low('SecurityAlertUnwantedSoftware')).toBe(1);
  });

  it('scores imported alerts by their severity (Elastic defaults 21/47/73), the day taking its worst alert', () => {
    const evasion = indicatorDefinition('SecurityAlertDefenseEvasion');
    expect(SEVERITY_BASE_SCORE).toEqual({ Informational: 21, Low: 21, Medium: 47, High: 73 });
    expect(baseScoreFor(evasion, ['Low'])).toBe(21);
    expect(baseScoreFor(evasion, ['Low', 'High', 'Medium'])).toBe(73);
    expect(baseScoreFor(evasion, [undefined])).toBe(47);
    expect(baseScoreFor(evasion, [])).toBe(47);
    // A single high-severity alert reaches the Low band on its own: 73 ÷ ζ(1.5) ≥ 20.
    expect(73 / 2.612375348685488).toBeGreaterThan(20);
    expect(baseScoreFor(indicatorDefinition('CopyToUSB'), ['High'])).toBe(30);
  });

  it('knows its ids', () => {
    expect(isIndicatorId('CopyToUSB')).toBe(true);
    expect(isIndicatorId('copytousb')).toBe(false);
    expect(() => indicatorDefinition('Nope' as never)).toThrow(/unknown indicator/);
  });
});

describe('indicatorsFor', () => {
  it('splits downloads and syncs by workload: OneDrive to Odb*, SharePoint or unknown to Spo*', () => {
    expect(indicatorsFor(activity({ kind: 'file.downloaded', workload: 'SharePoint' }))).toEqual(['SpoDownload']);
    expect(indicatorsFor(activity({ kind: 'file.downloaded', workload: 'OneDrive' }))).toEqual(['OdbDownload']);
    expect(indicatorsFor(activity({ kind: 'file.downloaded' }))).toEqual(['SpoDownload']);
    expect(indicatorsFor(activity({ kind: 'file.synced', workload: 'OneDrive' }))).toEqual(['OdbSyncDownload']);
    expect(indicatorsFor(activity({ kind: 'file.synced', workload: 'SharePoint' }))).toEqual(['SpoSyncDownload']);
  });

  it('maps each unconditional kind to its indicator', () => {
    const cases: [ActivityKind, string][] = [
      ['file.shared.external', 'SpoFileSharing'],
      ['folder.shared.external', 'SpoFolderSharing'],
      ['site.shared.external', 'SpoSiteSharing'],
      ['label.downgraded', 'SpoFileLabelDowngraded'],
      ['label.removed', 'SpoFileLabelRemoved'],
      ['file.deleted', 'SpoFileDeleted'],
      ['file.deleted.first-stage-recycle-bin', 'SpoFileDeletedFromFirstStageRecycleBin'],
      ['file.deleted.second-stage-recycle-bin', 'SpoFileDeletedFromSecondStageRecycleBin'],
      ['folder.deleted', 'SpoFolderDeleted'],
      ['folder.deleted.first-stage-recycle-bin', 'SpoFolderDeletedFromFirstStageRecycleBin'],
      ['folder.deleted.second-stage-recycle-bin', 'SpoFolderDeletedFromSecondStageRecycleBin'],
      ['email.sent.external-attachment', 'EmailExternal'],
      ['teams.file.shared.external', 'TeamsChatFileSharedExternal'],
      ['device.copied-to-usb', 'CopyToUSB'],
      ['device.printed', 'Print'],
      ['device.uploaded-to-cloud', 'CopyToPersonalCloud'],
      ['device.copied-to-network-share', 'EpoCopyToNetworkShare'],
      ['device.copied-to-remote-desktop', 'EpoFileCopiedToRemoteDesktopSession'],
      ['device.file.renamed', 'EpoFileRenamed'],
      ['device.file.archived', 'EpoFileArchived'],
      ['device.file.deleted', 'EpoFileDeleted'],
    ];
    for (const [kind, id] of cases) expect([kind, indicatorsFor(activity({ kind }))]).toEqual([kind, [id]]);
  });

  it('scores reads, clipboard copies and file creations only for sensitive or priority content', () => {
    expect(indicatorsFor(activity({ kind: 'device.file.read' }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'device.file.read', sensitivityLabel: 'Confidential' }))).toEqual(['EpoSensitiveFileRead']);
    expect(indicatorsFor(activity({ kind: 'device.copied-to-clipboard', sensitiveInfoTypes: ['Credit Card Number'] }))).toEqual([
      'EpoCopyToClipboardFromSensitiveFile',
    ]);
    expect(indicatorsFor(activity({ kind: 'device.copied-to-clipboard', sensitiveInfoTypes: [] }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'file.accessed' }), { priorityContent: true })).toEqual(['SpoFileAccessed']);
    expect(indicatorsFor(activity({ kind: 'file.accessed', workload: 'OneDrive', sensitivityLabel: 'x' }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'device.file.created', details: { hidden: true } }))).toEqual(['EpoHiddenFileCreated']);
    expect(indicatorsFor(activity({ kind: 'device.file.created', sensitivityLabel: 'x', details: { hidden: true } }))).toEqual([
      'EpoFileStagedToCentralLocation',
      'EpoHiddenFileCreated',
    ]);
    expect(indicatorsFor(activity({ kind: 'device.file.created' }))).toEqual([]);
  });

  it('scores browser downloads only from third-party or unallowed domains (from the classification)', () => {
    const download = activity({ kind: 'device.downloaded-by-browser', targetDomains: ['files.example.com'] });
    expect(indicatorsFor(download)).toEqual([]);
    expect(indicatorsFor(download, { thirdPartyDomain: true })).toEqual(['EpoFileDownloadedFromEnterpriseDomain']);
    expect(indicatorsFor(download, { unallowedDomain: true })).toEqual(['EpoFileDownloadedFromBlacklistedDomain']);
    expect(indicatorsFor(download, { unallowedDomain: true, thirdPartyDomain: true })).toEqual([
      'EpoFileDownloadedFromEnterpriseDomain',
      'EpoFileDownloadedFromBlacklistedDomain',
    ]);
  });

  it('scores physical access after termination, or a failed access to a priority asset', () => {
    const ok = activity({ kind: 'physical.access', source: 'badging', accessStatus: 'Success', assetId: 'Lab' });
    const failed = activity({ kind: 'physical.access', source: 'badging', accessStatus: 'Failed', assetId: 'Lab' });
    expect(indicatorsFor(ok)).toEqual([]);
    expect(indicatorsFor(ok, { priorityContent: true })).toEqual([]);
    expect(indicatorsFor(ok, { afterTermination: true })).toEqual(['PhysicalAccess']);
    expect(indicatorsFor(failed)).toEqual([]);
    expect(indicatorsFor(failed, { priorityContent: true })).toEqual(['PhysicalAccess']);
  });

  it('scores high-severity DLP alerts only, and Defender alerts by their class', () => {
    expect(indicatorsFor(activity({ kind: 'dlp.alert', source: 'dlp', severity: 'High' }))).toEqual(['HighSeverityDlpRuleMatch']);
    expect(indicatorsFor(activity({ kind: 'dlp.alert', source: 'dlp', severity: 'Medium' }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'dlp.alert', source: 'dlp' }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'defender.alert', source: 'defender', category: 'DefenseEvasion' }))).toEqual([
      'SecurityAlertDefenseEvasion',
    ]);
    expect(indicatorsFor(activity({ kind: 'defender.alert', source: 'defender', category: 'UnwantedSoftware' }))).toEqual([
      'SecurityAlertUnwantedSoftware',
    ]);
    expect(indicatorsFor(activity({ kind: 'defender.alert', source: 'defender', category: 'LateralMovement' }))).toEqual([]);
  });

  it('gives HR records and uploads no indicator, and returns shared arrays without allocating for fixed kinds', () => {
    expect(indicatorsFor(activity({ kind: 'hr.resignation', source: 'hr' }))).toEqual([]);
    expect(indicatorsFor(activity({ kind: 'file.uploaded' }))).toEqual([]);
    const a = indicatorsFor(activity({ kind: 'device.copied-to-usb' }));
    const b = indicatorsFor(activity({ kind: 'device.copied-to-usb' }));
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe('occurrenceKey', () => {
  it('counts an alert once across its triage statuses and any other activity once per id', () => {
    const base = { kind: 'defender.alert' as const, source: 'defender' as const, details: { alertId: 'da1' } };
    expect(occurrenceKey(activity({ ...base, id: 'defender:da1|new' }))).toBe('defender:da1');
    expect(occurrenceKey(activity({ ...base, id: 'defender:da1|resolved' }))).toBe('defender:da1');
    expect(occurrenceKey(activity({ kind: 'dlp.alert', source: 'dlp', id: 'dlp:x|new' }))).toBe('dlp:x|new');
    expect(occurrenceKey(activity({ kind: 'file.downloaded', id: 'audit:abc' }))).toBe('audit:abc');
  });
});

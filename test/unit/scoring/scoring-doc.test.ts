import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyBoosters, BOOSTER_FACTORS, BOOSTER_IDS, USER_BOOSTERS } from '../../../core/scoring/boosters';
import { evaluateCumulativeExfiltration, type UserExfiltrationTotals } from '../../../core/scoring/cumulative-exfiltration';
import { isUnusual, scoreDailyInsight } from '../../../core/scoring/daily-insight';
import { INDICATOR_CATALOGUE, indicatorDefinition, type IndicatorDefinition } from '../../../core/scoring/indicator-catalogue';
import { alertScore, explainAlertScore, SEVERITY_BANDS, severityFor } from '../../../core/scoring/risk-score';
import { detectSequences, SEQUENCE_TYPES, sequenceStepsFor, type SequenceStepEvent } from '../../../core/scoring/sequences';
import { activity } from './scoring-fixtures';

const DOC = readFileSync(join(__dirname, '../../../docs/scoring.md'), 'utf8');

/** The data rows of the table between `<!-- name:start -->` and `<!-- name:end -->`, as cells. */
function table(name: string): string[][] {
  const start = DOC.indexOf(`<!-- ${name}:start -->`);
  const end = DOC.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`docs/scoring.md has no ${name} table`);
  const rows = DOC.slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, line.lastIndexOf('|'))
        .split('|')
        .map((cell) => cell.trim()),
    );
  return rows.slice(2); // header and separator
}

function baseCell(d: IndicatorDefinition): string {
  const s = d.baseScoreBySeverity;
  return s === undefined ? String(d.baseScore) : `${d.baseScore}; by severity ${s.Low} / ${s.Medium} / ${s.High}`;
}

describe('docs/scoring.md', () => {
  it('publishes exactly the indicator catalogue', () => {
    const expected = INDICATOR_CATALOGUE.map((d) => [
      d.id,
      d.label,
      d.category,
      d.family,
      String(d.thresholds.low),
      String(d.thresholds.medium),
      String(d.thresholds.high),
      baseCell(d),
      d.sequenceRole,
      d.exfiltrationChannel ?? '—',
    ]);
    expect(table('indicator-table')).toEqual(expected);
  });

  it('publishes exactly the sequence types', () => {
    const expected = SEQUENCE_TYPES.map((t) => [t.id, t.label, t.steps.join(' → '), String(t.threshold), t.observedInPurview ? 'yes' : 'no']);
    expect(table('sequence-table')).toEqual(expected);
  });

  it('publishes the boosters and severity bands the code uses', () => {
    expect(table('booster-table')).toEqual(
      BOOSTER_IDS.map((id) => [id, String(BOOSTER_FACTORS[id]), USER_BOOSTERS.has(id) ? 'Office and Device indicators' : 'any indicator']),
    );
    expect(table('severity-table')).toEqual(
      (['Fewer', 'Default', 'More'] as const).map((v) => [v, SEVERITY_BANDS[v].low === undefined ? '—' : String(SEVERITY_BANDS[v].low), String(SEVERITY_BANDS[v].medium), String(SEVERITY_BANDS[v].high)]),
    );
  });

  it('recomputes the worked example', () => {
    const published = new Map(table('worked-example').map(([k, v]) => [k, v]));
    const minDaily = 50;
    const facts = { priorityContent: true };

    // Day 1: 55 downloads from a priority site after 30 days of 2 a day.
    const spo = indicatorDefinition('SpoDownload');
    const history = Array.from({ length: 30 }, () => 2);
    const unusual = isUnusual(55, history, minDaily);
    expect(unusual).toBe(true);
    const download = scoreDailyInsight({ count: 55, thresholds: spo.thresholds, baseScore: spo.baseScore, unusual });
    const downloadScore = applyBoosters(download.score, { ...facts, unusual }, { category: spo.category }).score;

    // Day 2: 40 of the same files to USB.
    const usb = indicatorDefinition('CopyToUSB');
    const usbUnusual = isUnusual(40, [], minDaily);
    expect(usbUnusual).toBe(false);
    const copy = scoreDailyInsight({ count: 40, thresholds: usb.thresholds, baseScore: usb.baseScore, unusual: usbUnusual });
    const usbScore = applyBoosters(copy.score, { ...facts, unusual: usbUnusual }, { category: usb.category }).score;

    // The sequence, from the activities themselves.
    const files = Array.from({ length: 40 }, (_, i) => `roadmap-${i}.docx`);
    const steps: SequenceStepEvent[] = [
      ...files.flatMap((fileName, i) =>
        sequenceStepsFor(activity({ kind: 'file.downloaded', fileName, time: `2026-03-17T10:${String(i).padStart(2, '0')}:00.000Z` }), 'download', downloadScore),
      ),
      ...files.flatMap((fileName, i) =>
        sequenceStepsFor(activity({ kind: 'device.copied-to-usb', fileName, time: `2026-03-18T18:${String(i).padStart(2, '0')}:00.000Z` }), 'exfiltrate', usbScore),
      ),
    ];
    const [sequence, ...others] = detectSequences(steps);
    expect(others).toEqual([]);
    expect(sequence.type).toBe('download-exfiltrate');

    // Cumulative: 500 people, five others with 8 USB copies.
    const people: UserExfiltrationTotals[] = Array.from({ length: 500 }, (_, i) => ({
      userId: i === 0 ? 'ada@contoso.com' : `p${i}@contoso.com`,
      totals: { usb: i === 0 ? 40 : i <= 5 ? 8 : 0 },
      department: 'Sales',
    }));
    const cumulative = evaluateCumulativeExfiltration(people).filter((f) => f.userId === 'ada@contoso.com');
    expect(cumulative.map((f) => [f.channel, f.percentile])).toEqual([['usb', 99.8]]);

    const scores = [downloadScore, usbScore, sequence.score, cumulative[0].score];
    const score = alertScore(scores);
    const round = (x: number): string => String(Math.round(x * 100) / 100);
    expect(published.get('SpoDownload insight 2026-03-17')).toBe(round(downloadScore));
    expect(published.get('CopyToUSB insight 2026-03-18')).toBe(round(usbScore));
    expect(published.get('sequence download-exfiltrate')).toBe(round(sequence.score));
    expect(published.get('cumulative exfiltration usb')).toBe(round(cumulative[0].score));
    expect(published.get('alert score')).toBe(round(score));
    for (const volume of ['Fewer', 'Default', 'More'] as const) expect(published.get(`severity ${volume}`)).toBe(severityFor(score, volume));
    // The prose shows the arithmetic exactly as explainAlertScore prints it.
    expect(DOC).toContain(`\`${explainAlertScore(scores)}\``);
  });
});

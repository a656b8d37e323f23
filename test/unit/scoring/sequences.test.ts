import {
  SEQUENCE_TYPES,
  detectSequences,
  fileKey,
  sequenceScore,
  sequenceStepsFor,
  type SequenceStepEvent,
  type StepRole,
} from '../../../core/scoring/sequences';
import { activity, shuffles } from './scoring-fixtures';

let n = 0;
function step(role: StepRole, fileName: string, time: string, score = 20, targetFileName?: string): SequenceStepEvent {
  n++;
  return { activityId: `a${String(n).padStart(4, '0')}`, time, role, fileName, score, ...(targetFileName === undefined ? {} : { targetFileName }) };
}
const day = (d: number, h = 10): string => `2026-03-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('sequence types', () => {
  it('lists 21 types with distinct step lists, Purview-style names and thresholds that fall with length', () => {
    expect(SEQUENCE_TYPES).toHaveLength(21);
    expect(new Set(SEQUENCE_TYPES.map((t) => t.steps.join('>'))).size).toBe(21);
    const byId = new Map(SEQUENCE_TYPES.map((t) => [t.id, t]));
    expect(byId.get('download-obfuscate-exfiltrate-delete')?.label).toBe('Download from Microsoft 365 location, obfuscate, exfiltrate, then delete');
    expect(byId.get('archive-exfiltrate')?.label).toBe('Archive then exfiltrate');
    expect(byId.get('label-download-exfiltrate')?.label).toBe('Downgrade or remove label, download, then exfiltrate');
    expect(SEQUENCE_TYPES.filter((t) => t.observedInPurview)).toHaveLength(15);
    for (const a of SEQUENCE_TYPES) {
      expect(a.steps).toContain('exfiltrate');
      for (const b of SEQUENCE_TYPES) if (a.steps[0] === b.steps[0] && a.steps.length < b.steps.length) expect(a.threshold).toBeGreaterThanOrEqual(b.threshold);
    }
  });
});

describe('sequenceScore', () => {
  it('is Σ steps × (1 + 0.25 × (steps − 1)), capped at 100', () => {
    expect(sequenceScore([20, 30])).toEqual({ raw: 62.5, score: 62.5 });
    expect(sequenceScore([15, 20, 30, 10])).toEqual({ raw: 131.25, score: 100 });
    expect(sequenceScore([10])).toEqual({ raw: 10, score: 10 });
  });
});

describe('detectSequences', () => {
  it('finds download then exfiltrate once three distinct files completed it', () => {
    const events = ['a.docx', 'b.docx', 'c.docx'].flatMap((f, i) => [step('download', f, day(2, 9 + i), 15), step('exfiltrate', f, day(3, 9 + i), 45)]);
    const [match, ...rest] = detectSequences(events);
    expect(rest).toEqual([]);
    expect(match).toMatchObject({
      type: 'download-exfiltrate',
      files: ['a.docx', 'b.docx', 'c.docx'],
      qualifyingFiles: 3,
      threshold: 3,
      startedAt: day(2, 9),
      completedAt: day(3, 11),
      score: 75,
      rawScore: 75,
    });
    expect(match.steps.map((s) => [s.role, s.firstAt, s.lastAt, s.score])).toEqual([
      ['download', day(2, 9), day(2, 11), 15],
      ['exfiltrate', day(3, 9), day(3, 11), 45],
    ]);
    // Two files are below the threshold.
    expect(detectSequences(events.slice(0, 4))).toEqual([]);
  });

  it('requires the steps in time order', () => {
    const backwards = ['a', 'b', 'c'].flatMap((f) => [step('exfiltrate', f, day(2)), step('download', f, day(3))]);
    expect(detectSequences(backwards)).toEqual([]);
  });

  it('links files through archives and renames (the planted archive, obfuscate, exfiltrate, delete shape)', () => {
    const events = [
      step('archive', 'C:\\Users\\eve\\Documents\\design.docx', day(9), 15, 'C:\\Users\\eve\\Documents\\design.zip'),
      step('obfuscate', 'design.zip', day(9, 11), 20, 'IMG_0001.jpg'),
      step('exfiltrate', 'IMG_0001.JPG', day(9, 12), 30),
      step('delete', 'C:\\Users\\eve\\Pictures\\IMG_0001.jpg', day(9, 13), 10),
    ];
    const [match] = detectSequences(events);
    expect(match.type).toBe('archive-obfuscate-exfiltrate-delete');
    expect(match.files).toEqual(['design.docx']);
    expect(match.score).toBe(100); // (15 + 20 + 30 + 10) × 1.75 = 131.25, capped
    expect(match.rawScore).toBe(131.25);
  });

  it('counts each source file of one archive as a file of the sequence', () => {
    const events = [
      ...['a.docx', 'b.docx', 'c.docx'].map((f) => step('archive', f, day(4), 15, 'bundle.zip')),
      step('exfiltrate', 'bundle.zip', day(5), 30),
    ];
    expect(detectSequences(events).map((m) => [m.type, m.files])).toEqual([['archive-exfiltrate', ['a.docx', 'b.docx', 'c.docx']]]);
  });

  it('reports one file chain once, under its most specific qualified type', () => {
    const events = [step('download', 'x.docx', day(2)), step('obfuscate', 'x.docx', day(2, 11), 20, 'y.jpg'), step('exfiltrate', 'y.jpg', day(2, 12)), step('delete', 'y.jpg', day(2, 13))];
    const matches = detectSequences(events);
    expect(matches.map((m) => m.type)).toEqual(['download-obfuscate-exfiltrate-delete']);
  });

  it('prefers the label family over a plain download of the same length', () => {
    const events = [step('label', 'plan.docx', day(2, 8)), step('download', 'plan.docx', day(2, 9)), step('exfiltrate', 'plan.docx', day(2, 10)), step('delete', 'plan.docx', day(2, 11))];
    expect(detectSequences(events).map((m) => m.type)).toEqual(['label-download-exfiltrate-delete']);
  });

  it('keeps a shorter sequence qualified when one of its files goes on to a longer one (no loss by adding a step)', () => {
    const base = ['a', 'b', 'c'].flatMap((f) => [step('download', f, day(2)), step('exfiltrate', f, day(3))]);
    expect(detectSequences(base).map((m) => [m.type, m.files])).toEqual([['download-exfiltrate', ['a', 'b', 'c']]]);
    // Deleting one of them afterwards: "download, exfiltrate, then delete" (needs 2 files) does not
    // qualify with one file; "download then exfiltrate" keeps all three.
    const more = [...base, step('delete', 'a', day(4))];
    expect(detectSequences(more).map((m) => [m.type, m.files, m.qualifyingFiles])).toEqual([['download-exfiltrate', ['a', 'b', 'c'], 3]]);
    // A second deletion qualifies the longer type; its files are reported there, once.
    const both = [...more, step('delete', 'b', day(4, 11))];
    // (Matches come in SEQUENCE_TYPES order.)
    expect(detectSequences(both).map((m) => [m.type, m.files, m.qualifyingFiles])).toEqual([
      ['download-exfiltrate', ['c'], 3],
      ['download-exfiltrate-delete', ['a', 'b'], 2],
    ]);
  });

  it('only looks at the 7 days before asOf (or the latest event)', () => {
    const events = ['a', 'b', 'c'].flatMap((f) => [step('download', f, day(1)), step('exfiltrate', f, day(9))]);
    expect(detectSequences(events)).toEqual([]);
    expect(detectSequences(events, { asOf: day(7) })).toEqual([]);
    const recent = ['a', 'b', 'c'].flatMap((f) => [step('download', f, day(3)), step('exfiltrate', f, day(9))]);
    expect(detectSequences(recent)).toHaveLength(1);
    expect(detectSequences(recent, { asOf: day(8) })).toEqual([]);
  });

  it('honours policy thresholds and the selected types', () => {
    const events = [step('download', 'a', day(2)), step('exfiltrate', 'a', day(3))];
    expect(detectSequences(events)).toEqual([]);
    expect(detectSequences(events, { thresholds: { 'download-exfiltrate': 1 } }).map((m) => m.type)).toEqual(['download-exfiltrate']);
    const full = [...events, step('delete', 'a', day(4))];
    // The more specific type is not selected: the chain falls back to the one that is.
    expect(
      detectSequences(full, { thresholds: { 'download-exfiltrate': 1 }, enabledTypes: new Set(['download-exfiltrate'] as const) }).map((m) => m.type),
    ).toEqual(['download-exfiltrate']);
  });

  it('is deterministic under any input order', () => {
    const events = [
      ...['a', 'b', 'c', 'd'].flatMap((f, i) => [step('download', f, day(2, 8 + i), 10 + i), step('exfiltrate', f, day(3, 8 + i), 30 + i)]),
      step('delete', 'a', day(4)),
      step('delete', 'b', day(4)),
      step('archive', 'e', day(2), 15, 'e.zip'),
      step('exfiltrate', 'e.zip', day(2, 9)),
      step('obfuscate', 'f', day(2), 20, 'g'),
      // Same instant, same file: step order decides, not input order.
      step('download', 'h', day(5)),
      step('exfiltrate', 'h', day(5)),
    ];
    const expected = detectSequences(events);
    expect(expected.length).toBeGreaterThan(0);
    for (const order of shuffles(events)) expect(detectSequences(order)).toEqual(expected);
  });

  it('never lowers a score when more files follow the same chain', () => {
    let previous = 0;
    const events: SequenceStepEvent[] = [];
    for (let i = 0; i < 12; i++) {
      events.push(step('download', `f${i}`, day(2, 8), 10 + i), step('exfiltrate', `f${i}`, day(3, 8), 20 + i));
      const score = detectSequences(events)[0]?.score ?? 0;
      expect(score).toBeGreaterThanOrEqual(previous);
      expect(score).toBeLessThanOrEqual(100);
      previous = score;
    }
  });

  it('returns nothing for no events or events without a usable name or time', () => {
    expect(detectSequences([])).toEqual([]);
    expect(detectSequences([{ ...step('download', '', day(2)) }, { ...step('exfiltrate', 'a', 'not a time') }])).toEqual([]);
  });
});

describe('sequenceStepsFor', () => {
  it('links a device rename from the previous name to the new one', () => {
    const rename = activity({ kind: 'device.file.renamed', fileName: 'IMG_0001.jpg', details: { previousFileName: 'design.zip' } });
    expect(sequenceStepsFor(rename, 'obfuscate', 20)).toEqual([
      { activityId: rename.id, time: rename.time, role: 'obfuscate', score: 20, fileName: 'design.zip', targetFileName: 'IMG_0001.jpg' },
    ]);
  });

  it('links an archive from the source to the archive path in destination', () => {
    const archive = activity({ kind: 'device.file.archived', fileName: 'design.docx', destination: 'C:\\Users\\eve\\design.zip' });
    expect(sequenceStepsFor(archive, 'archive', 15)).toMatchObject([{ fileName: 'design.docx', targetFileName: 'design.zip' }]);
    expect(sequenceStepsFor(activity({ kind: 'device.file.archived', fileName: 'x.zip' }), 'archive', 15)).toMatchObject([{ fileName: 'x.zip' }]);
  });

  it('makes one step per e-mail attachment, and none without a file', () => {
    const mail = activity({ kind: 'email.sent.external-attachment', fileName: 'a.xlsx', details: { attachments: 'a.xlsx; b.pdf' } });
    expect(sequenceStepsFor(mail, 'exfiltrate', 30).map((s) => s.fileName)).toEqual(['a.xlsx', 'b.pdf']);
    expect(sequenceStepsFor(activity({ kind: 'device.copied-to-usb' }), 'exfiltrate', 30)).toEqual([]);
  });

  it('links by the last path segment, case-insensitively', () => {
    expect(fileKey('https://contoso.sharepoint.com/sites/x/Shared Documents/Plan.DOCX')).toBe('plan.docx');
    expect(fileKey('E:\\backup\\Plan.docx')).toBe('plan.docx');
  });
});

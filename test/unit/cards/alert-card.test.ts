import { alertCard, type AlertCardInput } from '../../../cards/alert/alert.card';
import { cardProblems } from '../../support/cards/validate-card';
import { sampleAlert } from '../../support/samples/sample-alert';

const base: AlertCardInput = {
  alert: sampleAlert(),
  alertRef: 'A-0123456789AB',
  user: 'Anon-7F3A9C21D0',
  templateName: 'Data leaks',
  canTriage: true,
  activeCases: [{ id: 'C-AAAAAAAAAAAA', name: 'Roadmap exfiltration' }],
  expanded: false,
  refreshUserIds: ['29:1analyst', '29:2investigator'],
};

const variants: Record<string, AlertCardInput> = {
  'needs review, analyst view': base,
  'needs review, expanded': { ...base, expanded: true },
  'needs review, no active cases': { ...base, activeCases: [] },
  'channel view without actions': { ...base, canTriage: false, notice: 'Only analysts and investigators can triage.' },
  confirmed: { ...base, alert: sampleAlert({ status: 'Confirmed', caseId: 'C-BBBBBBBBBBBB', triage: { by: 'Grace Hopper', at: '2026-03-03T08:00:00.000Z', notes: 'looks real' } }) },
  dismissed: { ...base, alert: sampleAlert({ status: 'Dismissed', triage: { by: 'Grace Hopper', at: '2026-03-03T08:00:00.000Z', reason: 'Activity is expected for this user' } }) },
};

describe('alert card', () => {
  it.each(Object.entries(variants))('%s: expands fully, parses at host version 1.5 with no warnings, stays under 28 KB', (_name, input) => {
    const card = alertCard(input);
    const text = JSON.stringify(card);
    expect(text).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(28 * 1024);
    expect(card).toMatchSnapshot();
  });

  it('shows the pseudonym and never the UPN, also in action data and inputs', () => {
    const text = JSON.stringify(alertCard(variants['needs review, expanded']));
    expect(text).toContain('Anon-7F3A9C21D0');
    expect(text).not.toContain('ada.lovelace');
    expect(text).not.toContain('contoso.com');
  });

  it('offers the triage actions only while the alert needs review and the viewer may triage', () => {
    const titles = (input: AlertCardInput): string[] => ((alertCard(input).actions ?? []) as { title: string }[]).map((a) => a.title);
    expect(titles(base)).toEqual(['Confirm and create case', 'Add to existing case', 'Dismiss', 'Details']);
    expect(titles({ ...base, activeCases: [] })).toEqual(['Confirm and create case', 'Dismiss', 'Details']);
    expect(titles(variants['channel view without actions'])).toEqual([]);
    expect(titles(variants.confirmed)).toEqual(['Details']);
  });

  it('says who triaged and when', () => {
    expect(JSON.stringify(alertCard(variants.confirmed))).toContain('Confirmed by Grace Hopper on 2026-03-03 08:00 UTC into case C-BBBBBBBBBBBB');
    expect(JSON.stringify(alertCard(variants.dismissed))).toContain('Dismissed by Grace Hopper on 2026-03-03 08:00 UTC: Activity is expected for this user');
  });

  it('lists at most 60 refresh users (the Teams limit) and refreshes with the alert reference', () => {
    const many = Array.from({ length: 75 }, (_, i) => `29:user${i}`);
    const card = alertCard({ ...base, refreshUserIds: many }) as { refresh: { userIds: string[]; action: { verb: string; data: unknown } } };
    expect(card.refresh.userIds).toHaveLength(60);
    expect(card.refresh.action).toMatchObject({ verb: 'alert.refresh', data: { alertRef: 'A-0123456789AB' } });
  });

  it('keeps text from signals inert: a file named like a binding does not break expansion', () => {
    const alert = sampleAlert({ topActivities: [{ id: 'x', time: '2026-03-02T10:00:00.000Z', kind: 'file.downloaded', operation: 'FileDownloaded', fileName: '${secret}.docx' }] });
    const card = alertCard({ ...base, alert });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('$\\u200b{secret}.docx'.replace('\\u200b', '\u200b'));
  });
});

import { caseCard, type CaseCardInput } from '../../../cards/case/case.card';
import { cardProblems } from '../../support/cards/validate-card';
import { sampleAlert } from '../../support/samples/sample-alert';
import { activeCase, ANALYST } from './notice-world';

const base: CaseCardInput = {
  case: activeCase(),
  alerts: [sampleAlert({ status: 'Confirmed' })],
  user: 'Anon-7F3A9C21D0',
  riskText: 'elevated (score 82, 1 active alert)',
  canNote: true,
  canManage: true,
  refreshUserIds: ['29:1a'],
};
const templates = Array.from({ length: 60 }, (_, i) => ({ id: `nt-${String(i).padStart(24, '0')}`, name: `Template ${i + 1} ${'x'.repeat(50)}` }));

type Action = { title: string; card?: { body: { choices?: unknown[] }[]; actions: { verb: string; data: Record<string, unknown> }[] } };
/** The card's actions and those of ActionSets in its body ("Send notice" is one: the toolbar holds at most 5). */
const actions = (input: CaseCardInput): Action[] => {
  const card = caseCard(input) as { actions?: Action[]; body: { type: string; actions?: Action[] }[] };
  return [...(card.actions ?? []), ...card.body.filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions ?? [])];
};

describe('the case card with notice templates', () => {
  it('offers "Send notice" to full case workers on an active case, with the templates (at most 50) and a request id; valid at 1.5, under 28 KB', () => {
    const card = caseCard({ ...base, noticeTemplates: templates });
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(28 * 1024);
    const send = actions({ ...base, noticeTemplates: templates }).find((a) => a.title === 'Send notice');
    expect(send?.card?.body[0].choices).toHaveLength(50);
    expect(send?.card?.actions[0]).toMatchObject({ verb: 'case.sendNotice', data: { caseId: base.case.id, requestId: `card:${base.case.id}:0` } });
  });

  it('offers no "Send notice" without templates, to named contributors, or on a closed case', () => {
    const has = (input: CaseCardInput): boolean => actions(input).some((a) => a.title === 'Send notice');
    expect(has(base)).toBe(false);
    expect(has({ ...base, noticeTemplates: templates, canManage: false })).toBe(false);
    expect(has({ ...base, noticeTemplates: templates, case: { ...activeCase(), status: 'Closed', resolution: { as: 'Benign', actionTaken: 'none', by: ANALYST, at: '2026-03-04T10:00:00.000Z' } } })).toBe(false);
  });
});

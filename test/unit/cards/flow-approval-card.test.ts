import { flowApprovalCard, type FlowApprovalCardInput } from '../../../cards/flow-approval/flow-approval.card';
import { MAX_CARD_BYTES } from '../../../cards/common/expand-card';
import { cardProblems } from '../../support/cards/validate-card';

const OPEN: FlowApprovalCardInput = {
  title: 'Information request for case C-0123456789AB',
  details: 'Does HR know of anything relevant about **Dana**? "Quotes", ${notABinding} and {braces} stay text.',
  requestor: 'irm-team@contoso.com',
  requestDate: '2025-03-04T09:30:00.000Z',
  itemLink: 'https://contoso.example/cases/C-0123456789AB',
  itemLinkDescription: 'Open the case',
  options: [
    { title: 'Approve', style: 'positive' },
    { title: 'Reject', style: 'destructive' },
  ],
  respond: { verb: 'flow.respond', waitToken: 'wt-1' },
  status: { text: 'Waiting for your response.', style: 'emphasis' },
  responses: [],
};

const nodes = (value: unknown): Record<string, unknown>[] =>
  Array.isArray(value) ? value.flatMap(nodes) : value !== null && typeof value === 'object' ? [value as Record<string, unknown>, ...Object.values(value).flatMap(nodes)] : [];

describe('flow approval card', () => {
  it('expands with buttons, a comments box and the item link; parses at 1.5 without warnings', () => {
    const card = flowApprovalCard(OPEN);
    const text = JSON.stringify(card);
    expect(text).not.toMatch(/\$\{(?!\u200b)/);
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(nodes(card).filter((n) => n.type === 'Action.Execute').map((n) => n.data)).toEqual([
      { waitToken: 'wt-1', response: 'Approve' },
      { waitToken: 'wt-1', response: 'Reject' },
    ]);
    expect(nodes(card).find((n) => n.type === 'Action.OpenUrl')).toMatchObject({ url: 'https://contoso.example/cases/C-0123456789AB', title: 'Open the case' });
    expect(card).toMatchSnapshot();
  });

  it('keeps flow text as data: quotes and binding-like text come through as written', () => {
    const card = flowApprovalCard(OPEN);
    const details = nodes(card).find((n) => n.type === 'TextBlock' && typeof n.text === 'string' && n.text.startsWith('Does HR'));
    expect(details?.text).toBe('Does HR know of anything relevant about **Dana**? "Quotes", $\u200b{notABinding} and {braces} stay text.');
  });

  it('once decided shows the decision and the responses, and nothing to click', () => {
    const card = flowApprovalCard({
      ...OPEN,
      respond: undefined,
      status: { text: 'Approved by Ann Approver.', style: 'good' },
      responses: [{ who: 'Ann Approver', response: 'Approve', at: '2025-03-04T10:00:00.000Z', comments: 'ok' }],
    });
    expect(cardProblems(card)).toEqual([]);
    expect(nodes(card).some((n) => n.type === 'Action.Execute' || n.type === 'Input.Text')).toBe(false);
    expect(nodes(card).filter((n) => n.type === 'TextBlock').map((n) => n.text)).toEqual(expect.arrayContaining(['Approved by Ann Approver.', 'Ann Approver · Approve · 2025-03-04 10:00 UTC', 'ok']));
    expect(card).toMatchSnapshot();
  });

  it('offers more than five options as a choice set, and leaves out links it would not open', () => {
    const card = flowApprovalCard({ ...OPEN, itemLink: 'javascript:alert(1)', options: ['a', 'b', 'c', 'd', 'e', 'f'].map((title) => ({ title })) });
    expect(cardProblems(card)).toEqual([]);
    expect(nodes(card).find((n) => n.type === 'Input.ChoiceSet')?.choices).toHaveLength(6);
    expect(nodes(card).some((n) => n.type === 'Action.OpenUrl')).toBe(false);
    expect(JSON.stringify(card)).not.toContain('javascript:');
  });

  it('stays under 28 KB with very long details and many responses', () => {
    const card = flowApprovalCard({
      ...OPEN,
      // Three bytes a character: the first bounds do not fit, the card is built again with smaller ones.
      details: '承'.repeat(50_000),
      responses: Array.from({ length: 80 }, (_, i) => ({ who: `Approver ${i}`, response: 'Approve', at: '2025-03-04T10:00:00.000Z', comments: '認'.repeat(2000) })),
    });
    const text = JSON.stringify(card);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(/80 \(the first (\d+) are shown\)/.exec(text)?.[1]).toBe('15');
    expect(cardProblems(card)).toEqual([]);
  });
});

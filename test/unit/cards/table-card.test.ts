import { tableCard } from '../../../cards/table/table.card';
import { cardProblems } from '../../support/cards/validate-card';

describe('table card', () => {
  it('renders headers and rows as an Adaptive Card 1.5 table without warnings', () => {
    const card = tableCard({ title: 'Alerts', subtitle: '2 of 2', headers: ['Alert', 'Severity'], rows: [['A-1', 'High'], ['A-2', '']], footer: 'newest first' });
    expect(JSON.stringify(card)).not.toContain('${');
    expect(cardProblems(card)).toEqual([]);
    const table = (card.body as { type: string; rows?: { cells: { items: { text: string }[] }[] }[] }[]).find((b) => b.type === 'Table');
    expect(table?.rows?.map((r) => r.cells.map((c) => c.items[0].text))).toEqual([['Alert', 'Severity'], ['A-1', 'High'], ['A-2', ' ']]);
    expect(card).toMatchSnapshot();
  });

  it('says when there is nothing to list', () => {
    const card = tableCard({ title: 'Alerts', headers: ['Alert'], rows: [], emptyText: 'No alerts match.' });
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('No alerts match.');
    expect(JSON.stringify(card)).not.toContain('"Table"');
  });
});

describe('card validation', () => {
  it('reports what the official library rejects (so a clean result means something)', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'FancyBlock' }] }).join('\n')).toMatch(/Unknown element type/);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }] }).join('\n')).toMatch(/Duplicate/);
  });
});

describe('table card size', () => {
  it('shows as many rows as fit in 28 KB and says how many were left out', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`A-${String(i).padStart(12, '0')}`, 'Anon-7F3A9C21D0', 'Data leaks (exfiltration activity)', 'High 82', 'NeedsReview', '2026-03-02 10:14 UTC']);
    const card = tableCard({ title: 'Alerts', headers: ['Alert', 'User', 'Policy', 'Severity', 'Status', 'Detected'], rows });
    const text = JSON.stringify(card);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(28 * 1024);
    const shown = (text.match(/A-0000000/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(`${300 - shown} more rows not shown`);
    expect(cardProblems(card)).toEqual([]);
  });
});

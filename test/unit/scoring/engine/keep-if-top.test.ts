import type { Activity } from '../../../../core/ingest/activity';
import type { AggregateCell } from '../../../../core/persistence/collections';
import { keepIfTop } from '../../../../core/scoring/engine/aggregate-activities';

const cell = (top: string[] = [], topAt?: string[]): AggregateCell => ({
  count: 0,
  priorityContent: false,
  unallowedDomain: false,
  top,
  ...(topAt !== undefined ? { topAt } : {}),
  first: '2026-03-05T00:00:00.000Z',
  last: '2026-03-05T00:00:00.000Z',
});

const copy = (id: string, minute: number): Activity => ({
  id,
  source: 'audit',
  kind: 'device.copied-to-usb',
  userId: 'ada@contoso.com',
  time: `2026-03-05T10:${String(minute).padStart(2, '0')}:00.000Z`,
  operation: 'FileCopiedToRemovableMedia',
});

describe('keepIfTop', () => {
  const activities = Array.from({ length: 14 }, (_, i) => copy(`audit:${String.fromCharCode(97 + i)}`, 30 - 2 * i));

  it('keeps the ten earliest by time, in time order, whatever order they arrive in', () => {
    const forward = cell();
    for (const a of activities) keepIfTop(forward, a);
    const backward = cell();
    for (const a of [...activities].reverse()) keepIfTop(backward, a);
    const expected = [...activities].sort((x, y) => (x.time < y.time ? -1 : 1)).slice(0, 10);
    expect(forward.top).toEqual(expected.map((a) => a.id));
    expect(forward.topAt).toEqual(expected.map((a) => a.time));
    expect(backward).toEqual(forward);
  });

  it('breaks a tie in time by id, and keeps an activity once', () => {
    const c = cell();
    for (const a of [copy('audit:z', 1), copy('audit:m', 1), copy('audit:a', 1), copy('audit:m', 1)]) keepIfTop(c, a);
    expect(c.top).toEqual(['audit:a', 'audit:m', 'audit:z']);
  });

  it('keeps the ids of a cell written before times were kept ahead of newer activities', () => {
    const legacy = cell(['audit:old-1', 'audit:old-2']);
    keepIfTop(legacy, copy('audit:new', 0));
    expect(legacy.top).toEqual(['audit:old-1', 'audit:old-2', 'audit:new']);
    expect(legacy.topAt).toEqual(['', '', '2026-03-05T10:00:00.000Z']);
  });
});

import type { Activity } from '../../../core/ingest/activity';

let counter = 0;

/** An activity with sensible defaults; `overrides` win. Ids are unique within a test run. */
export function activity(overrides: Partial<Activity> & Pick<Activity, 'kind'>): Activity {
  counter++;
  return {
    id: `audit:${counter}`,
    source: 'audit',
    userId: 'ada@contoso.com',
    time: '2026-03-17T10:00:00.000Z',
    operation: 'Test',
    ...overrides,
  };
}

/** All permutations would be too many; a fixed set of deterministic shuffles is enough. */
export function shuffles<T>(items: readonly T[], count = 12): T[][] {
  const out: T[][] = [[...items].reverse()];
  let seed = 12345;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let n = 0; n < count; n++) {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    out.push(copy);
  }
  return out;
}

/**
 * One file downloaded from SharePoint at 09:mm, archived on the device at 11:mm and the archive
 * copied to USB at 14:mm of `day`: the steps of a download → archive → exfiltrate sequence.
 */
export function exfiltrationChain(userId: string, day: string, file: string, minute: number): Activity[] {
  const at = (hour: number): string => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
  const home = `C:\\Users\\${userId.split('@')[0]}`;
  return [
    { id: `audit:dl-${file}`, source: 'audit', kind: 'file.downloaded', userId, time: at(9), operation: 'FileDownloaded', workload: 'SharePoint', fileName: `${file}.xlsx` },
    { id: `audit:zip-${file}`, source: 'audit', kind: 'device.file.archived', userId, time: at(11), operation: 'FileArchived', workload: 'Endpoint', fileName: `${home}\\${file}.xlsx`, destination: `${home}\\${file}.zip` },
    { id: `audit:usb-${file}`, source: 'audit', kind: 'device.copied-to-usb', userId, time: at(14), operation: 'FileCopiedToRemovableMedia', workload: 'Endpoint', fileName: `${file}.zip`, destination: 'SanDisk Ultra' },
  ];
}

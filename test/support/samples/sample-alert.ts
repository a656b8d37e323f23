import type { Alert } from '../../../core/alerts/alert';

/** A realistic alert as scoring writes it, for card and handler tests. */
export function sampleAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'data-leaks:ada.lovelace@contoso.com:1',
    policyId: 'data-leaks',
    policyName: 'Data leaks (exfiltration activity)',
    template: 'data-leaks',
    userId: 'ada.lovelace@contoso.com',
    status: 'NeedsReview',
    severity: 'High',
    score: 82.4,
    createdAt: '2026-03-02T10:14:00.000Z',
    updatedAt: '2026-03-02T11:02:00.000Z',
    triggeringEvent: { activityId: 'dlp:7f1c', kind: 'dlp.alert', time: '2026-03-02T09:41:00.000Z', summary: 'dlp.alert at 2026-03-02T09:41:00.000Z' },
    riskFactors: ['priorityContent', 'sequence'],
    insights: [
      {
        key: 'sequence:archive-exfiltrate:2026-03-02',
        kind: 'sequence',
        label: 'Archive, then exfiltrate',
        day: '2026-03-02',
        score: 71.5,
        count: 3,
        riskFactors: ['sequence'],
        explanation: 'sequence base 55 × priority content 1.3 = 71.5',
      },
      {
        key: 'indicator:DeviceUsbCopy:2026-03-02',
        kind: 'indicator',
        label: 'Copying files to USB',
        day: '2026-03-02',
        score: 48,
        count: 14,
        riskFactors: ['priorityContent'],
        explanation: '14 events ≥ medium threshold 10: base 40 × priority content 1.2 = 48',
      },
    ],
    topActivities: [
      { id: 'audit:1', time: '2026-03-02T10:14:00.000Z', kind: 'device.archived', operation: 'ArchiveCreated', fileName: 'roadmap-2027.zip' },
      { id: 'audit:2', time: '2026-03-02T10:20:00.000Z', kind: 'device.copied-to-usb', operation: 'FileCopiedToRemovableMedia', fileName: 'roadmap-2027.zip', destination: 'SanDisk Ultra' },
      { id: 'audit:3', time: '2026-03-02T11:02:00.000Z', kind: 'email.sent.external-attachment', operation: 'Send', fileName: 'pricing.xlsx', targetDomains: ['gmail.com'] },
      { id: 'audit:4', time: '2026-03-02T11:05:00.000Z', kind: 'file.deleted', operation: 'FileDeleted', fileName: 'roadmap-2027.zip' },
    ],
    scoreHistory: [
      { time: '2026-03-02T10:14:00.000Z', score: 48, severity: 'Medium' },
      { time: '2026-03-02T11:02:00.000Z', score: 82.4, severity: 'High' },
    ],
    firstActivityAt: '2026-03-02T10:14:00.000Z',
    lastActivityAt: '2026-03-02T11:05:00.000Z',
    ...overrides,
  };
}

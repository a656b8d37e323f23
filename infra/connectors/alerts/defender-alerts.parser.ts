import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';
import { parseAlerts } from './dlp-alerts.parser';

/**
 * Microsoft Defender for Endpoint alerts: Graph alerts_v2 lists and the MDE API's own
 * GET /api/alerts responses.
 */
export const defenderAlertsParser: SignalParser = {
  format: 'defender-alerts-json',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    return parseAlerts(text, context, 'defender');
  },
};

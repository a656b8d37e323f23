import { errorMessage, ValidationError } from '../../../core/errors';
import { alertItems } from '../../../core/ingest/alerts/alert-collection';
import { normalizeAlert, type AlertSource } from '../../../core/ingest/alerts/alert.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';

/**
 * Reads an alerts document and normalizes each alert. Shared by the DLP and the Defender parser:
 * they read the same API shapes and differ only in the product assumed for an alert that does not
 * name its serviceSource. Rows are numbered by position in the list (the first alert is row 1).
 */
export function parseAlerts(text: string, context: ParseContext, fallback: AlertSource): Iterable<RecordOutcome> {
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch (error) {
    const detail = errorMessage(error);
    throw new ValidationError(`${context.file}: not valid JSON (${detail}); expected an alerts list as the API returns it`, [
      { file: context.file, reason: `not valid JSON: ${detail}` },
    ], { cause: error });
  }
  const items = alertItems(document, context.file);
  return (function* outcomes(): Generator<RecordOutcome> {
    for (let i = 0; i < items.length; i++) {
      const row = i + 1;
      const result = normalizeAlert(items[i], fallback);
      switch (result.type) {
        case 'activity':
          yield { type: 'activity', row, activity: result.activity };
          break;
        case 'unscored':
          yield { type: 'unscored', row, key: result.key, operation: result.operation };
          break;
        case 'rejected':
          yield { type: 'rejected', row, field: result.field, reason: result.reason };
          break;
      }
    }
  })();
}

/** Microsoft Purview DLP alerts as Microsoft Graph returns them (GET /security/alerts_v2). */
export const dlpAlertsParser: SignalParser = {
  format: 'dlp-alerts-json',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    return parseAlerts(text, context, 'dlp');
  },
};

import type { SignalFormat } from '../../core/ingest/record-outcome';
import { auditCsvParser } from './audit/audit-csv.parser';
import { auditJsonParser } from './audit/audit-json.parser';
import { auditNdjsonParser } from './audit/audit-ndjson.parser';
import { defenderAlertsParser } from './alerts/defender-alerts.parser';
import { dlpAlertsParser } from './alerts/dlp-alerts.parser';
import { badgingJsonParser } from './badging/badging-json.parser';
import { directoryCsvParser } from './directory/directory-csv.parser';
import { directoryJsonParser } from './directory/directory-json.parser';
import { hrCsvParser } from './hr/hr-csv.parser';
import type { SignalParser } from './signal-parser';

/** One parser per format; the record type makes forgetting a format a compile error. */
export const SIGNAL_PARSERS: Readonly<Record<SignalFormat, SignalParser>> = {
  'audit-json': auditJsonParser,
  'audit-ndjson': auditNdjsonParser,
  'audit-csv': auditCsvParser,
  'hr-csv': hrCsvParser,
  'badging-json': badgingJsonParser,
  'dlp-alerts-json': dlpAlertsParser,
  'defender-alerts-json': defenderAlertsParser,
  'directory-csv': directoryCsvParser,
  'directory-json': directoryJsonParser,
};

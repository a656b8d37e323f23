import type { DirectoryUser } from '../directory/directory-user';
import type { Activity } from './activity';

/**
 * What a parser + normalizer made of one input record. Every record yields exactly one outcome,
 * so nothing is dropped silently: it is stored, counted as unscored, or rejected with a reason.
 */
export type RecordOutcome =
  | {
      readonly type: 'activity';
      readonly row: number;
      readonly activity: Activity;
      /**
       * The input field that named the user, when the record must refer to a user already in the
       * directory (HR, badging). The ingest service rejects the row naming this field otherwise.
       */
      readonly requiresKnownUser?: { readonly field: string };
    }
  | {
      /** A valid record of an operation that we do not score: counted per operation. */
      readonly type: 'unscored';
      readonly row: number;
      readonly key: string;
      readonly operation: string;
    }
  | { readonly type: 'user'; readonly row: number; readonly user: DirectoryUser }
  | { readonly type: 'rejected'; readonly row: number; readonly field: string; readonly reason: string };

/** The report every ingestion entry point (HTTP, CLI) returns, in this exact shape. */
export interface IngestReport {
  readonly batchId: string;
  readonly file: string;
  readonly format: SignalFormat;
  readonly records: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly row: number; readonly field: string; readonly reason: string }[];
  readonly unscoredOperations: Readonly<Record<string, number>>;
}

export const SIGNAL_FORMATS = [
  'audit-json',
  'audit-ndjson',
  'audit-csv',
  'hr-csv',
  'badging-json',
  'dlp-alerts-json',
  'defender-alerts-json',
  'directory-csv',
  'directory-json',
] as const;
export type SignalFormat = (typeof SIGNAL_FORMATS)[number];

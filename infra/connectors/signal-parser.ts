import type { RecordOutcome, SignalFormat } from '../../core/ingest/record-outcome';

export interface ParseContext {
  /** The file name (or request name) that error messages name. */
  readonly file: string;
  /**
   * The organization's own e-mail/UPN domains, lower-case. A recipient or sharing target outside
   * them is external. Never empty: the ingest service derives it from configuration or the
   * directory.
   */
  readonly internalDomains: ReadonlySet<string>;
}

/**
 * Reads one signal format. File-level problems (not JSON, a missing mandatory CSV column, more
 * records than one request may carry) throw `ValidationError` naming the file and what was
 * expected, before any outcome is yielded, so nothing of a bad file is stored. Otherwise every
 * record yields exactly one `RecordOutcome`, in input order.
 */
export interface SignalParser {
  readonly format: SignalFormat;
  parse(text: string, context: ParseContext): Iterable<RecordOutcome>;
  /**
   * The same from the input's UTF-8 bytes, for formats that read large files without decoding
   * them whole (a file's bytes stay outside the JS heap; see json-array-elements.ts). Formats
   * without it get the decoded text.
   */
  parseBytes?(bytes: Buffer, context: ParseContext): Iterable<RecordOutcome>;
}

import { createHash } from 'node:crypto';
import { ValidationError } from '../../core/errors';
import { ingestSignals } from '../../core/ingest/ingest-service';
import { scoreActivities } from '../../core/scoring/engine/scoring-engine';
import { refreshDirectoryFacts } from '../../core/scoring/user-facts.repository';
import type { IngestReport, SignalFormat } from '../../core/ingest/record-outcome';
import type { Clock } from '../../core/ports/clock';
import type { Store } from '../../core/ports/store';
import { detectFormat } from './detect-format';
import { SIGNAL_PARSERS } from './parsers';

export interface IngestDependencies {
  readonly store: Store;
  readonly clock: Clock;
  /** IRM_INTERNAL_DOMAINS; when absent the directory's UPN domains are used. */
  readonly internalDomains?: readonly string[];
  /** Score new activities in the same unit of work (default true; the raw ingest benchmark turns it off). */
  readonly scoring?: boolean;
}

/**
 * The input as text, or as the UTF-8 bytes of a file or request body. Prefer bytes for anything
 * large: formats that can (audit-json) read them without making the whole file a JS string.
 */
export type IngestContent = { readonly text: string; readonly bytes?: undefined } | { readonly bytes: Buffer; readonly text?: undefined };

export type IngestTextInput = IngestContent & {
  readonly file: string;
  /** Taken from the content when absent. */
  readonly format?: SignalFormat;
  /** The formats this entry point accepts (an endpoint for badging takes badging only). */
  readonly accept?: readonly SignalFormat[];
  readonly onProgress?: (processed: number) => void;
};

/** How much of a byte input format detection decodes (it looks at the first 64 KiB characters). */
const PROBE_BYTES = 256 * 1024;

const NEEDS_INTERNAL_DOMAINS: ReadonlySet<SignalFormat> = new Set(['audit-json', 'audit-ndjson', 'audit-csv']);

/** Parses, validates, normalizes and stores one input; the shared path of the HTTP API and the CLI. */
export async function ingestText(deps: IngestDependencies, input: IngestTextInput): Promise<IngestReport> {
  const format = input.format ?? detectFormat(input.text ?? input.bytes.toString('utf8', 0, PROBE_BYTES), input.file);
  if (input.accept !== undefined && !input.accept.includes(format)) {
    throw new ValidationError(
      `${input.file}: this entry point accepts ${input.accept.join(' or ')}, but the content is ${format}`,
      [{ file: input.file, reason: `expected ${input.accept.join(' or ')}, got ${format}` }],
    );
  }
  const internalDomains = NEEDS_INTERNAL_DOMAINS.has(format)
    ? await resolveInternalDomains(deps, input.file)
    : new Set<string>();
  const parser = SIGNAL_PARSERS[format];
  const context = { file: input.file, internalDomains };
  const outcomes =
    input.text !== undefined
      ? parser.parse(input.text, context)
      : parser.parseBytes !== undefined
        ? parser.parseBytes(input.bytes, context)
        : parser.parse(input.bytes.toString('utf8'), context);
  const report = await ingestSignals(
    deps.store,
    // The same hash for a file's bytes and for its text, so the batch is the same either way.
    { file: input.file, format, contentHash: sha256(input.text ?? input.bytes), outcomes },
    {
      clock: deps.clock,
      onProgress: input.onProgress,
      afterStore: deps.scoring === false ? undefined : async (tx, inserted) => {
        await scoreActivities(tx, inserted, deps.clock);
      },
    },
  );
  // Reporting lines decide who is a potential high-impact user; one change moves everyone above.
  if (deps.scoring !== false && format.startsWith('directory') && report.accepted > 0) {
    await deps.store.transaction((tx) => refreshDirectoryFacts(tx));
  }
  return report;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The organization's own domains decide whether a recipient is external. Configuration wins;
 * otherwise the UPN domains of the directory. With neither, audit records cannot be judged, and
 * guessing would either flood analysts or hide exfiltration, so the import stops with a clear
 * message instead.
 */
async function resolveInternalDomains(deps: IngestDependencies, file: string): Promise<ReadonlySet<string>> {
  if (deps.internalDomains !== undefined && deps.internalDomains.length > 0) return new Set(deps.internalDomains);
  const domains = new Set<string>();
  await deps.store.transaction(async (tx) => {
    let after: string | undefined;
    for (;;) {
      const page = await tx.users.list({ after, limit: 1000 });
      for (const u of page) {
        const at = u.upn.lastIndexOf('@');
        if (at > 0) domains.add(u.upn.slice(at + 1));
      }
      if (page.length < 1000) break;
      after = page[page.length - 1].upn;
    }
  });
  if (domains.size === 0) {
    throw new ValidationError(
      `${file}: cannot tell internal from external recipients: set IRM_INTERNAL_DOMAINS (for example contoso.com) ` +
        'or import the directory (users) first',
      [{ file, field: 'IRM_INTERNAL_DOMAINS', reason: 'no internal domains configured and the directory is empty' }],
    );
  }
  return domains;
}

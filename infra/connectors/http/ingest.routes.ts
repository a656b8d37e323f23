import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Response, Server } from 'restify';
import { ValidationError } from '../../../core/errors';
import type { IngestReport, SignalFormat } from '../../../core/ingest/record-outcome';
import type { IngestDependencies } from '../ingest-text';
import { ingestText } from '../ingest-text';
import { createBearerCheck } from './bearer-auth';
import { toHttpError } from '../../../core/http-error-response';
import { parseMultipart } from './multipart';
import { readBody } from './read-body';

export interface IngestRoutesOptions extends IngestDependencies {
  /** The bearer key every ingestion request must present. */
  readonly ingestKey: string;
  readonly maxUploadBytes: number;
  readonly log?: (line: string) => void;
  /** Called after each chunk of an upload is committed (the outbox dispatcher is woken with it). */
  readonly onCommitted?: () => void;
}

/** The wire shape of an ingestion response (what the HR upload script and our CLI read). */
export interface IngestResponseBody {
  readonly batchId: string;
  readonly format: SignalFormat;
  readonly records: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: IngestReport['rejected'];
  readonly unscoredOperations: IngestReport['unscoredOperations'];
}

/**
 * The signal ingestion API, shaped like the Microsoft 365 connector endpoints our users already
 * script against (`/api/signals?jobid=…` for HR CSV, `/api/signals/physicalbadging` for badging)
 * plus our own for audit records, alerts and the directory.
 */
export function registerIngestRoutes(server: Server, options: IngestRoutesOptions): void {
  const checkBearer = createBearerCheck(options.ingestKey);

  const handle = (name: string, accept: readonly SignalFormat[], pick: (req: Request) => SignalFormat | undefined): RequestHandler =>
    (req: Request, res: Response, next) => {
      const run = async (): Promise<IngestResponseBody> => {
        checkBearer(req.headers.authorization);
        const jobId = queryParam(req, 'jobid');
        if (name === 'hr' && jobId === undefined) {
          throw new ValidationError('the jobid query parameter is required (the HR connector job id)', [
            { field: 'jobid', reason: 'required' },
          ]);
        }
        const upload = await readUpload(req, options.maxUploadBytes);
        const file = `${jobId !== undefined ? `job ${jobId}: ` : ''}${upload.filename ?? `${name} request`}`;
        const report = await ingestText(options, {
          bytes: upload.bytes,
          file,
          format: pick(req) ?? formatFromContentType(upload.contentType, accept),
          accept,
          ...(options.onCommitted === undefined ? {} : { onProgress: options.onCommitted }),
        });
        return {
          batchId: report.batchId,
          format: report.format,
          records: report.records,
          accepted: report.accepted,
          duplicates: report.duplicates,
          rejected: report.rejected,
          unscoredOperations: report.unscoredOperations,
        };
      };
      run().then(
        (body) => {
          res.send(200, body);
          next();
        },
        (error: unknown) => {
          const mapped = toHttpError(error);
          if (mapped.status >= 500) options.log?.(`ingestion ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
          res.send(mapped.status, mapped.body, mapped.headers);
          next();
        },
      );
    };

  server.post('/api/signals', handle('hr', ['hr-csv'], () => 'hr-csv'));
  server.post('/api/signals/physicalbadging', handle('badging', ['badging-json'], () => 'badging-json'));
  server.post('/api/signals/audit', handle('audit', ['audit-json', 'audit-ndjson', 'audit-csv'], () => undefined));
  server.post(
    '/api/signals/alerts',
    handle('alerts', ['dlp-alerts-json', 'defender-alerts-json'], (req) => {
      const source = queryParam(req, 'source');
      if (source === undefined) return undefined;
      if (source === 'dlp') return 'dlp-alerts-json';
      if (source === 'defender') return 'defender-alerts-json';
      throw new ValidationError(`source must be dlp or defender, got '${source}'`, [{ field: 'source', reason: 'expected dlp or defender' }]);
    }),
  );
  server.post('/api/signals/directory', handle('directory', ['directory-csv', 'directory-json'], () => undefined));
}

function queryParam(req: Request, name: string): string | undefined {
  const url = new URL(req.url ?? '/', 'http://local');
  const value = url.searchParams.get(name);
  return value === null || value.trim() === '' ? undefined : value.trim();
}

/** With a content type that pins the format (NDJSON, CSV) use it; otherwise detect from content. */
function formatFromContentType(contentType: string | undefined, accept: readonly SignalFormat[]): SignalFormat | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'application/x-ndjson' && accept.includes('audit-ndjson')) return 'audit-ndjson';
  if (type === 'text/csv' && accept.length > 1) return accept.find((f) => f.endsWith('-csv'));
  return undefined;
}

async function readUpload(
  req: IncomingMessage,
  limit: number,
): Promise<{ bytes: Buffer; filename?: string; contentType?: string }> {
  const contentType = req.headers['content-type'];
  const body = await readBody(req, limit);
  if (contentType !== undefined && /^multipart\/form-data/i.test(contentType)) {
    const part = parseMultipart(body, contentType).find((p) => p.name === 'file');
    if (part === undefined) {
      throw new ValidationError('the multipart request has no form field named file', [{ field: 'file', reason: 'required' }]);
    }
    return { bytes: part.data, filename: part.filename, contentType: part.contentType };
  }
  if (body.length === 0) throw new ValidationError('the request body is empty', [{ field: 'body', reason: 'required' }]);
  return { bytes: body, contentType };
}

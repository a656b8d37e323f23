import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError } from '../../../core/errors';

/**
 * Reads a request body into memory up to `limit` bytes. Past the limit it stops reading and
 * throws PayloadTooLargeError (HTTP 413) rather than buffering an unbounded upload.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    throw tooLarge(limit, declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(limit: number, declared?: number): PayloadTooLargeError {
  const mb = Math.round(limit / (1024 * 1024));
  return new PayloadTooLargeError(
    `request body ${declared !== undefined ? `of ${declared} bytes ` : ''}is larger than the ${mb} MB accepted ` +
      '(IRM_MAX_UPLOAD_MB); split the file',
  );
}

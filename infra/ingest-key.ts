import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The ingestion endpoints always require a bearer key. When IRM_INGEST_KEY is not set (a first
 * local run), a random key is generated once and kept in `<dataDir>/ingest.key`, readable by the
 * owner only, so `npm ci && npm start` works without configuration but never runs open.
 */
export function resolveIngestKey(configured: string | undefined, dataDir: string): { key: string; source: string } {
  if (configured !== undefined) return { key: configured, source: 'IRM_INGEST_KEY' };
  const file = path.join(dataDir, 'ingest.key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length >= 32) return { key, source: file };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: file };
}

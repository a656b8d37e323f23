import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets that must exist for the server to run safely but need no choosing: the ingestion
 * bearer key and the pseudonymization key. When the variable is not set (a first local run), a
 * random value is generated once and kept in `<dataDir>/<file>`, readable by the owner only, so
 * `npm ci && npm start` works without configuration but never runs open — and pseudonyms stay
 * the same across restarts.
 */
export function resolveGeneratedSecret(configured: string | undefined, dataDir: string, fileName: string, variable: string): { key: string; source: string } {
  if (configured !== undefined) return { key: configured, source: variable };
  const file = path.join(dataDir, fileName);
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    if (key.length >= 32) return { key, source: file };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return { key, source: file };
}

export function resolveIngestKey(configured: string | undefined, dataDir: string): { key: string; source: string } {
  return resolveGeneratedSecret(configured, dataDir, 'ingest.key', 'IRM_INGEST_KEY');
}

export function resolvePseudonymKey(configured: string | undefined, dataDir: string): { key: string; source: string } {
  return resolveGeneratedSecret(configured, dataDir, 'pseudonym.key', 'IRM_PSEUDONYM_KEY');
}

/** The Power Platform custom connector's bearer key (Power Automate presents it on every call). */
export function resolveFlowsKey(configured: string | undefined, dataDir: string): { key: string; source: string } {
  return resolveGeneratedSecret(configured, dataDir, 'flows.key', 'IRM_FLOWS_KEY');
}

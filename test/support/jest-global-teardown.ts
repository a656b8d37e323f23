import fs from 'node:fs';
import { CERT_DIR_VARIABLE } from './fake-graph/test-certificate';

/** Removes what the global setup made, once every worker has finished. */
export default function globalTeardown(): void {
  const dir = process.env[CERT_DIR_VARIABLE];
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}

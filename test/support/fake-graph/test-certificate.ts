import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away self-signed certificate for 127.0.0.1, made with openssl when first asked for and
 * reused for the rest of the test process. It is valid for two days and lives in a temp folder;
 * nothing is committed. The certificate is its own CA: trust `certPem` (or `certPath`).
 */
export interface TestCertificate {
  readonly keyPem: string;
  readonly certPem: string;
  /** The certificate file, for NODE_EXTRA_CA_CERTS in a child process. */
  readonly certPath: string;
}

let cached: TestCertificate | undefined;

export function testCertificate(): TestCertificate {
  if (cached !== undefined) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-fake-graph-cert-'));
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
      '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
      '-days', '2',
      '-keyout', keyPath,
      '-out', certPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  cached = { keyPem: fs.readFileSync(keyPath, 'utf8'), certPem: fs.readFileSync(certPath, 'utf8'), certPath };
  return cached;
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away self-signed certificate for 127.0.0.1, made with openssl and valid for two days;
 * nothing is committed. The certificate is its own CA: trust `certPem` (or `certPath`).
 *
 * Under jest, the global setup (test/support/jest-global-setup.ts) makes one for the whole run in
 * a folder it names in CERT_DIR_VARIABLE, and the global teardown removes that folder: a jest
 * worker cannot clean up after itself (its 'exit' hooks do not run), so a certificate made in a
 * worker left a temp folder behind on every run. Outside jest (a bench, a script) one is made on
 * first use and its folder removed when the process exits.
 */
export interface TestCertificate {
  readonly keyPem: string;
  readonly certPem: string;
  /** The certificate file, for NODE_EXTRA_CA_CERTS in a child process. */
  readonly certPath: string;
}

export const CERT_DIR_VARIABLE = 'IRM_TEST_CERT_DIR';
const KEY_FILE = 'key.pem';
const CERT_FILE = 'cert.pem';

let cached: TestCertificate | undefined;

/** Makes a key and certificate in a new temp folder and returns the folder. */
export function makeTestCertificateDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'irm-fake-graph-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
        '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1',
        '-days', '2',
        '-keyout', path.join(dir, KEY_FILE),
        '-out', path.join(dir, CERT_FILE),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    // Made once for the whole jest run (global setup): without this, every suite fails on a bare ENOENT.
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim() || (error as Error).message;
    throw new Error(`the tests need openssl (1.1.1 or later, on PATH) to make a throw-away certificate for the HTTPS fakes: ${detail}`, { cause: error });
  }
  return dir;
}

export function testCertificate(): TestCertificate {
  if (cached !== undefined) return cached;
  let dir = process.env[CERT_DIR_VARIABLE];
  if (dir === undefined || !fs.existsSync(path.join(dir, CERT_FILE))) {
    const made = makeTestCertificateDir();
    process.once('exit', () => fs.rmSync(made, { recursive: true, force: true }));
    dir = made;
  }
  const certPath = path.join(dir, CERT_FILE);
  cached = { keyPem: fs.readFileSync(path.join(dir, KEY_FILE), 'utf8'), certPem: fs.readFileSync(certPath, 'utf8'), certPath };
  return cached;
}

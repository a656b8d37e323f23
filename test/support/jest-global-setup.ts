import { CERT_DIR_VARIABLE, makeTestCertificateDir } from './fake-graph/test-certificate';

/**
 * Runs once before every jest run, in jest's own process: the workers it starts afterwards
 * inherit the environment set here. One test certificate serves all of them.
 */
export default function globalSetup(): void {
  process.env[CERT_DIR_VARIABLE] = makeTestCertificateDir();
}

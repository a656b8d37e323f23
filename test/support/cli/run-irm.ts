import { execFile } from 'node:child_process';
import path from 'node:path';

/** The repository root, for tests that run the CLI as an operator would. */
export const ROOT = path.resolve(__dirname, '../../..');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `irm` CLI in a child process against the SQLite file `dbPath`. */
export function irm(dbPath: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', path.join(ROOT, 'test/support/register-ts.cjs'), path.join(ROOT, 'infra/cli/irm.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, IRM_SQLITE_PATH: dbPath }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

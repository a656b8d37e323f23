import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temporary folder for each test of the enclosing describe (made in beforeEach, removed
 * with its contents in afterEach). `file(name)` is a path inside it.
 */
export function useTempDir(prefix: string): { readonly dir: () => string; readonly file: (name: string) => string } {
  let current: string | undefined;
  beforeEach(() => {
    current = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  });
  afterEach(() => {
    if (current !== undefined) fs.rmSync(current, { recursive: true, force: true });
    current = undefined;
  });
  const dir = (): string => {
    if (current === undefined) throw new Error('useTempDir: the folder exists only while a test runs');
    return current;
  };
  return { dir, file: (name) => path.join(dir(), name) };
}

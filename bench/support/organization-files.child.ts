// Child process of bench/score-history.bench.ts: generates the synthetic organization's files one
// at a time into a folder and names each to the parent, waiting for "next" before making the
// following one. Generating a 5,000-person day file takes a few hundred MB at its peak; in its own
// process that memory is not counted in the figure the benchmark reports for the product.
import fs from 'node:fs';
import path from 'node:path';
import { createOrganization } from '../../test/support/synthetic/organization/organization.generator';

export type ChildMessage =
  | { readonly type: 'file'; readonly name: string; readonly format: string; readonly path: string }
  | { readonly type: 'done'; readonly insiders: readonly string[] };

function send(message: ChildMessage): void {
  process.send?.(message);
}

function main(): void {
  const [users, days, usersPerAuditFile, dir] = [Number(process.argv[2]), Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
  const org = createOrganization({ seed: 7, users, days, usersPerAuditFile });
  const files = org.files();
  // Strictly one at a time: generating the next file while the parent imports would make the two
  // processes compete for this machine's 2 cores and understate the import's throughput.
  const prepare = (): ChildMessage => {
    const item = files.next();
    if (item.done === true) return { type: 'done', insiders: org.manifest.insiders.map((i) => i.upn) };
    const file = path.join(dir, item.value.name.replace(/[\\/]/g, '_'));
    fs.writeFileSync(file, item.value.content);
    return { type: 'file', name: item.value.name, format: item.value.format, path: file };
  };
  const next = (): void => {
    const current = prepare();
    send(current);
    if (current.type === 'done') process.disconnect();
  };
  process.on('message', (message) => {
    if (message === 'next') next();
  });
  next();
}

main();

#!/usr/bin/env node
// The npm registry reachable from this project's machines serves only the Linux builds of
// packages with per-platform optional dependencies (@swc/core-*, @unrs/resolver-binding-*,
// @parcel/watcher-* …); the others answer 404. `npm install` then leaves them out of
// package-lock.json, and `npm ci` refuses the lock as "out of sync". This adds the missing
// optional entries (version only, marked optional): `npm ci` accepts the lock, tries each
// foreign-platform package, and skips it as an optional dependency that cannot be installed.
// Run after every `npm install`: node .ci/complete-lockfile.cjs
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // npm resolves a dependency from the nearest node_modules up the tree.
    const candidates = [];
    let base = location;
    for (;;) {
      candidates.push(`${base === '' ? '' : `${base}/`}node_modules/${name}`);
      if (base === '') break;
      const i = base.lastIndexOf('/node_modules/');
      base = i === -1 ? '' : base.slice(0, i);
    }
    if (candidates.some((c) => lock.packages[c] !== undefined)) continue;
    const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range) ? range : range.replace(/^[\^~=]/, '');
    lock.packages[`node_modules/${name}`] = { version, optional: true };
    added++;
  }
}
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);

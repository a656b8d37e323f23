// Lets plain `node -r ./test/support/register-ts.cjs file.ts` run TypeScript sources (benchmarks,
// the child processes spawned by tests) with the same swc transform jest uses, without a build.
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

// Node tries extensions in registration order, and `.json` comes before a late `.ts`: a card's
// `alert.card.ts` would lose to its template `alert.card.json` for require('./alert.card').
const loadJson = require.extensions['.json'];
delete require.extensions['.json'];

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require.extensions['.json'] = loadJson;

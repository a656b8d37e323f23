/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // ESM-only JavaScript let through transformIgnorePatterns below, compiled to CommonJS.
    '^.+\\.m?js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // @microsoft/app-manifest (manifest validation) requires strip-bom@5, which is ESM-only; jest on
  // Node 20 cannot require ESM, so that one package is transformed. npm nests it under
  // app-manifest (a CommonJS strip-bom@4 sits at the top for other tools), hence the optional prefix.
  transformIgnorePatterns: ['^(?!.*/node_modules/(@microsoft/app-manifest/node_modules/)?strip-bom/).*/node_modules/', '\\.pnp\\.[^\\/]+$'],
  moduleNameMapper: {
    '^adaptivecards$': 'adaptivecards/dist/adaptivecards.js',
  },
  // Contract suites start servers; two workers fit the 2-core machine.
  maxWorkers: 2,
  // A worker that has run many suites carries their garbage; recycle it past this heap size so
  // late, heavy suites (the 2,000-card burst) do not run several times slower than alone.
  workerIdleMemoryLimit: '600MB',
  testTimeout: 30000,
  // One test certificate for the run, removed at its end (test/support/fake-graph/test-certificate.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
};

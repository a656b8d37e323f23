/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^adaptivecards$': 'adaptivecards/dist/adaptivecards.js',
  },
  // Contract suites start servers; two workers fit the 2-core machine.
  maxWorkers: 2,
  testTimeout: 30000,
};

/** Node-side tests: ts-jest transpiles only (the `typecheck` script runs tsc over the whole tree). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The local Forge runtime installs the SDK's globals once per process, on purpose (as the platform does).
  testEnvironmentOptions: { globalsCleanup: 'off' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
};

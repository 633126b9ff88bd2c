/**
 * Two projects. `node`: everything under test/ as before (ts-jest transpiles only; the `typecheck` script runs tsc
 * over the whole tree). `frontend`: the Custom UI components in jsdom, talking to a fake Forge host through the real
 * @forge/bridge (test/frontend/support/fake-bridge.ts).
 */
const transpileOnly = ['ts-jest', { diagnostics: false }];

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      // The local Forge runtime installs the SDK's globals once per process, on purpose (as the platform does).
      testEnvironmentOptions: { globalsCleanup: 'off' },
      transform: { '^.+\\.ts$': transpileOnly },
    },
    {
      displayName: 'frontend',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/frontend'],
      testMatch: ['**/*.test.tsx'],
      transform: { '^.+\\.tsx?$': transpileOnly },
      moduleNameMapper: {
        '\\.css$': '<rootDir>/test/frontend/support/style-stub.ts',
        // As in the bundles (vite.config.mts): Atlassian's feature gates are all off inside a Forge iframe.
        '^@atlaskit/feature-gate-js-client/feature-gates$': '<rootDir>/src/frontend/shared/feature-gates-off.ts',
      },
      // Before any test file imports @forge/bridge, which looks for the host when it loads.
      setupFiles: ['<rootDir>/test/frontend/support/fake-bridge.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/frontend/support/after-env.ts'],
    },
  ],
};

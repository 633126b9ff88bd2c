/**
 * Three projects. `node`: everything under test/ but the browser tests (ts-jest transpiles only; the `typecheck` script
 * runs tsc over the whole tree). `frontend`: the Custom UI components in jsdom (with a browser's fetch classes,
 * test/frontend/support/environment.ts), talking to a fake Forge host through the real @forge/bridge
 * (test/frontend/support/fake-bridge.ts), whose requestJira reaches a Jira-compatible server the test starts. `e2e`:
 * test/e2e/, Debian's Chromium through playwright-core against the local Forge host (dev/host) and the built surfaces
 * (static/, so `npm test` builds first); never skipped: without a browser they fail (dev/e2e/ensure-browser.ts, which
 * `npm test` runs first, installs or names it).
 */
const transpileOnly = ['ts-jest', { diagnostics: false }];

module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
      // The local Forge runtime installs the SDK's globals once per process, on purpose (as the platform does).
      testEnvironmentOptions: { globalsCleanup: 'off' },
      // Integration tests run the app, the Forge runtime and the Jira server in one process: on two shared cores under
      // load a whole sprint's walk takes seconds, which jest's default 5 s does not always leave (they timed out, then passed alone).
      testTimeout: 15_000,
      transform: { '^.+\\.ts$': transpileOnly },
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/e2e'],
      testMatch: ['**/*.test.ts'],
      testEnvironmentOptions: { globalsCleanup: 'off' },
      transform: { '^.+\\.ts$': transpileOnly },
    },
    {
      displayName: 'frontend',
      testEnvironment: '<rootDir>/test/frontend/support/environment.ts',
      roots: ['<rootDir>/test/frontend'],
      testMatch: ['**/*.test.tsx'],
      // The first test that opens a lazily loaded view waits for ts-jest to compile it (the measurement, the classifier):
      // seconds on a loaded machine, which jest's default 5 s does not always leave.
      testTimeout: 15_000,
      // CommonJS, as jest runs it: a lazily loaded component's `import()` becomes a require, as the bundle's becomes a chunk.
      transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false, tsconfig: { module: 'commonjs', moduleResolution: 'node10' } }] },
      moduleNameMapper: {
        // Dynamic imports name the module as node16 resolution wants (`./measured.js`); the source is TypeScript.
        '^(\\.{1,2}/.*)\\.js$': '$1',
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

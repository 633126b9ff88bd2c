/**
 * Stands in for `@atlaskit/feature-gate-js-client/feature-gates` in the Custom UI bundles (an alias in
 * vite.config.mts). Atlaskit components ask it for Atlassian's own feature gates, and inside a Forge iframe the client
 * is never initialised, so the real one answers false (after a console warning) for every gate while shipping the whole
 * Statsig SDK, about a third of the issue panel's bundle. This answers the same without it.
 */
const FeatureGates = {
  checkGate: (_gateName: string): boolean => false,
  getExperimentValue: <T>(_experiment: string, _parameter: string, defaultValue: T): T => defaultValue,
  isGateExists: (_gateName: string): boolean => false,
  isExperimentExists: (_experiment: string): boolean => false,
  initializeCalled: (): boolean => false,
  initializeCompleted: (): boolean => false,
  onGateUpdated: (): (() => void) => () => undefined,
  onAnyUpdated: (): (() => void) => () => undefined,
};

export default FeatureGates;

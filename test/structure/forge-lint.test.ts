import { appSources } from '../../dev/lint/paths';
import { failures, formatProblem, runForgeLint, type ForgeLintReport } from '../../dev/lint/forge-lint';

// Parsing src/ against the tsconfig program and compiling the manifest schema once per manifest linter take ~30 s.
const LINT_TIMEOUT_MS = 180_000;

describe('offline @forge/lint (client-side)', () => {
  let report: ForgeLintReport;
  beforeAll(async () => {
    report = await runForgeLint();
  }, LINT_TIMEOUT_MS);

  it('lints every source file under src/', () => {
    expect(report.files).toEqual(appSources());
  });

  it('reports no errors, and no linter reached for the network', () => {
    expect(failures(report).map(formatProblem)).toEqual([]);
  });
});

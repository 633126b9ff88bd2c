import { analyseSource, deriveScopes, loadOperations, matchOperation, type Operation, type ScopeDerivation } from '../../dev/lint/scopes';

/**
 * src/ calls no Jira operation that the current OpenAPI marks `deprecated: true`. The calls are read exactly as the
 * scopes test reads them (dev/lint/scopes.ts), and matched against ../shared/jira-openapi/*.json as brought up to date
 * by spec/jira-software-enhanced.json, which records, among others, that the agile 1.0 issue lists are deprecated in
 * favour of the enhanced /rest/software/1.0 lists.
 */

describe('deprecated Jira operations', () => {
  let derivation: ScopeDerivation;
  beforeAll(async () => {
    derivation = await deriveScopes();
  });

  it('every Jira call in src/ can be read and matched, so none can hide from this check', () => {
    expect(derivation.problems).toEqual([]);
    expect(derivation.calls.length).toBeGreaterThan(10);
  });

  it('src/ calls none of them', () => {
    const deprecated = derivation.calls.filter((c) => c.operation.deprecated).map((c) => `${c.file}:${c.line} ${c.method} ${c.operation.template} (${c.operation.document})`);
    expect(deprecated).toEqual([]);
  });

  it('would catch a call to an agile 1.0 issue list, and passes its replacement', () => {
    const operations = loadOperations();
    const called = (source: string): Operation[] =>
      analyseSource('src/sample.ts', source).calls.flatMap((call) => {
        const op = matchOperation(operations, call);
        return typeof op === 'string' ? [] : [op];
      });
    const old = called('class C { a() { return this.get(route`/rest/agile/1.0/board/${b}/sprint/${s}/issue?${q}`, schema); } }');
    expect(old.map((op) => [op.template, op.deprecated])).toEqual([['/rest/agile/1.0/board/{boardId}/sprint/{sprintId}/issue', true]]);
    const current = called('class C { a() { return this.get(route`/rest/software/1.0/board/${b}/sprint/${s}/issue?${q}`, schema); } }');
    expect(current.map((op) => [op.template, op.deprecated])).toEqual([['/rest/software/1.0/board/{boardId}/sprint/{sprintId}/issue', false]]);
    // Every agile 1.0 issue list the supplement knows is deprecated; the sprint and board reads the app uses are not.
    const agileIssueLists = operations.filter((op) => /^\/rest\/agile\/1\.0\/.*\/issue$/.test(op.template) && op.method === 'GET');
    expect(agileIssueLists.length).toBeGreaterThanOrEqual(4);
    expect(agileIssueLists.filter((op) => !op.deprecated).map((op) => op.template)).toEqual([]);
    const still = ['/rest/agile/1.0/board/{boardId}/sprint', '/rest/agile/1.0/board/{boardId}/configuration', '/rest/agile/1.0/sprint/{sprintId}'];
    expect(operations.filter((op) => op.method === 'GET' && still.includes(op.template)).map((op) => op.deprecated)).toEqual([false, false, false]);
  });
});

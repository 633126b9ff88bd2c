import fc from 'fast-check';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../src/domain/config';
import { BatchClassifier, classifyBatch, type Decisions, type SettledDecision } from '../../src/domain/decide';
import type { NormalizedIssue } from '../../src/domain/issue';
import { learnFromExamples, teamModel } from '../../src/domain/team-model';
import { readIssue } from '../../src/domain/classify';
import { issue } from '../support/issues';

/**
 * A batch read in pages (a view's bulk fetches) is decided as the pages come (BatchClassifier): whatever the pages,
 * their order, and when the decisions of parents outside the batch arrive, the batch ends decided exactly as
 * classifyBatch decides it whole, parent-first.
 */

const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);
const SUMMARIES = ['Renew the TLS certificate', 'Build the partner portal', 'Patch the web tier', 'Design the new billing platform', 'Tune noisy disk alerts', 'Update the runbook'];
const LEVELS = [1, 0, -1] as const;

interface Spec {
  level: number;
  summary: number;
  /** Index of a parent in the batch, of one outside it (negative), or none. */
  parent: { inBatch: number } | { outside: number } | null;
  parentHasId: boolean;
  settled: boolean;
  overridden: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  level: fc.constantFrom(...LEVELS),
  summary: fc.nat(SUMMARIES.length - 1),
  parent: fc.oneof(fc.constant(null), fc.record({ inBatch: fc.nat(30) }), fc.record({ outside: fc.nat(3) })),
  parentHasId: fc.boolean(),
  settled: fc.boolean(),
  overridden: fc.boolean(),
});

const decision = (n: number): SettledDecision => ({ category: n % 2 === 0 ? 'KTLO' : 'PROJECT', source: 'rules', confidence: 0.5 + (n % 5) / 10 });

function batchOf(specs: readonly Spec[]): { issues: NormalizedIssue[]; decisions: Decisions } {
  const keyOf = (i: number) => `OPS-${i + 1}`;
  const issues = specs.map((s, i) => {
    const p = s.parent;
    const parentKey = p === null ? null : 'inBatch' in p ? keyOf(p.inBatch % specs.length) : `OUT-${p.outside}`;
    const parentId = p === null ? undefined : 'inBatch' in p ? `id-${p.inBatch % specs.length}` : `out-${p.outside}`;
    return issue({
      key: keyOf(i),
      id: `id-${i}`,
      summary: SUMMARIES[s.summary] ?? '',
      hierarchyLevel: s.level,
      isSubtask: s.level === -1,
      parent: parentKey === null ? null : { key: parentKey, ...(s.parentHasId ? { id: parentId } : {}), summary: 'Parent', issueType: 'Epic', isEpic: true, labels: [] },
    });
  });
  const settled = new Map(specs.flatMap((s, i) => (s.settled ? [[`id-${i}`, decision(i)] as const] : [])));
  const overrides = new Map(specs.flatMap((s, i) => (s.overridden ? [[`id-${i}`, { category: decision(i + 1).category }] as const] : [])));
  const parents = new Map([0, 1, 2, 3].filter((n) => n !== 2).map((n) => [`OUT-${n}`, decision(n)] as const));
  const examples = issues.slice(0, 3).map((i, n) => ({ id: i.id, issue: i, category: decision(n).category }));
  const team = specs.length % 2 === 0 ? teamModel(learnFromExamples(examples, (i) => readIssue(i, config))) : null;
  return { issues, decisions: { overrides, settled, parents, team } };
}

it('decides a batch read in pages, in any order, exactly as classifyBatch decides it whole', () => {
  fc.assert(
    fc.property(
      fc.array(spec, { minLength: 1, maxLength: 24 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 24 }),
      fc.nat(24),
      fc.boolean(),
      (specs, cuts, parentsAfter, missingIds) => {
        const { issues, decisions } = batchOf(specs);
        const expected = classifyBatch(issues, config, decisions);
        // The ids the pages come from: the batch's, in its order, and ones Jira left out.
        const ids = issues.flatMap((i, n) => (missingIds && n % 3 === 0 ? [`gone-${n}`, i.id] : [i.id]));
        const pages: NormalizedIssue[][] = [];
        let rest = [...issues];
        for (const cut of cuts) {
          if (rest.length === 0) break;
          const size = 1 + (cut % rest.length);
          pages.push(rest.slice(0, size));
          rest = rest.slice(size);
        }
        if (rest.length > 0) pages.push(rest);
        // Answers land in any order.
        const landed = pages.map((page, n) => ({ page, n })).sort((a, b) => ((a.n * 7919) % 13) - ((b.n * 7919) % 13)).map(({ page }) => page);
        const batch = new BatchClassifier(config, { ...decisions, settled: new Map(), parents: null }, ids);
        landed.forEach((page, n) => {
          if (n === parentsAfter) batch.setParents(decisions.parents);
          batch.add(page, new Map(page.flatMap((i) => (decisions.settled.has(i.id) ? [[i.id, decisions.settled.get(i.id) as SettledDecision] as const] : []))));
        });
        if (parentsAfter >= landed.length) batch.setParents(decisions.parents);
        expect(batch.done(issues)).toEqual(expected);
      },
    ),
    { numRuns: 300 },
  );
});

it('decides what it can as each page lands: an issue whose parent is outside the batch once their decisions are known, a child once its parent is decided', () => {
  const epic = issue({ key: 'OPS-1', id: 'e', summary: 'Build the partner portal', hierarchyLevel: 1, issueType: 'Epic' });
  const story = issue({ key: 'OPS-2', id: 's', summary: 'Update the runbook', parent: { key: 'OPS-1', id: 'e', summary: 'Build the partner portal', issueType: 'Epic', isEpic: true, labels: [] } });
  const outside = issue({ key: 'OPS-3', id: 'o', summary: 'Patch the web tier', parent: { key: 'OPS-9', id: 'p', summary: 'Platform upkeep', issueType: 'Epic', isEpic: true, labels: [] } });
  const expected = classifyBatch([epic, story, outside], config, { overrides: new Map(), settled: new Map(), parents: new Map([['OPS-9', decision(0)]]), team: null });
  const batch = new BatchClassifier(config, { overrides: new Map(), settled: new Map(), parents: null, team: null }, ['e', 's', 'o']);
  batch.add([story, outside]);
  expect(batch.decidedCount).toBe(0);
  batch.add([epic]);
  expect(batch.decidedCount).toBe(2);
  batch.setParents(new Map([['OPS-9', decision(0)]]));
  expect(batch.decidedCount).toBe(3);
  expect(batch.done([epic, story, outside])).toEqual(expected);
});

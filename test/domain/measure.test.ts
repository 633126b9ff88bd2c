import fc from 'fast-check';
import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../src/domain/config';
import { classifyBatch, NO_DECISIONS, type Decisions } from '../../src/domain/decide';
import type { NormalizedIssue } from '../../src/domain/issue';
import { addedAfterStart, joinWithin, measureFlow, measureSprint, measureTrend, teamCapacity, type SprintInputs } from '../../src/domain/measure';
import { issue } from '../support/issues';

const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);
const board = { id: 7, name: 'Ops board', type: 'scrum' };
const sprint = { id: 43, name: 'Sprint 43', state: 'active' as const, startDate: '2026-11-02T09:00:00.000Z', endDate: '2026-11-16T09:00:00.000Z', completeDate: null };

function inputs(issues: NormalizedIssue[], extra: Partial<SprintInputs> = {}): SprintInputs {
  return { board, sprint, issues, decisions: NO_DECISIONS, joinedAt: null, config, unit: 'points', history: [], ...extra };
}

const SUMMARIES = ['Monthly security patching of web servers', 'Rotate expiring TLS certificates', 'Build new billing dashboard', 'Migrate search to the new cluster', 'Restore drill for the orders database', 'Design onboarding flow v2'];

/** Sprints of epics, stories and sub-tasks with parents inside and outside the sprint, listed in any order. */
const sprintIssues = fc
  .array(
    fc.record({
      summary: fc.constantFrom(...SUMMARIES),
      level: fc.constantFrom(1, 0, 0, -1),
      parent: fc.nat(12),
      estimate: fc.option(fc.constantFrom(0.5, 1, 2, 3, 5, 8), { nil: null }),
      status: fc.constantFrom('new' as const, 'indeterminate' as const, 'done' as const),
    }),
    { maxLength: 14 },
  )
  .map((rows) =>
    rows.map((r, i): NormalizedIssue => {
      const parentKey = `OPS-${r.parent + 1}`;
      // As in Jira, a parent sits one level up; parents beyond the generated rows are outside the sprint.
      const parentRow = rows[r.parent];
      const hasParent = r.level < 1 && (parentRow === undefined || parentRow.level === r.level + 1);
      return issue({
        key: `OPS-${i + 1}`,
        summary: r.summary,
        hierarchyLevel: r.level,
        isSubtask: r.level === -1,
        issueType: r.level === 1 ? 'Epic' : r.level === -1 ? 'Sub-task' : 'Task',
        estimate: r.estimate,
        statusCategory: r.status,
        parent: hasParent ? { key: parentKey, id: parentKey, summary: '', issueType: 'Epic', isEpic: r.level === 0, labels: [] } : null,
      });
    }),
  );

describe('measureSprint', () => {
  it('totals add up, shares stay in [0, 1], and every issue is listed once', () => {
    fc.assert(
      fc.property(sprintIssues, fc.option(fc.integer({ min: 1, max: 80 }), { nil: null }), (issues, capacity) => {
        const { view, completedPoints } = measureSprint(inputs(issues, { config: { ...config, teamCapacity: capacity } }));
        expect(view.totalPoints).toBeCloseTo(view.ktloPoints + view.projectPoints, 9);
        if (view.ktloShare !== null) expect(view.ktloShare >= 0 && view.ktloShare <= 1).toBe(true);
        expect(view.issues.map((i) => i.key)).toEqual(issues.map((i) => i.key));
        expect(completedPoints).toBeLessThanOrEqual(view.totalPoints + issues.filter((i) => i.estimate !== null).reduce((s, i) => s + (i.estimate ?? 0), 0));
        expect(view.teamCapacity?.source ?? null).toBe(capacity === null ? null : 'configured');
      }),
    );
  });

  it('classifies parent-first whatever the order the reader listed the issues in', () => {
    fc.assert(
      fc.property(sprintIssues.chain((issues) => fc.tuple(fc.constant(issues), fc.shuffledSubarray(issues, { minLength: issues.length, maxLength: issues.length }))), ([issues, shuffled]) => {
        const byKey = (list: NormalizedIssue[]) => new Map(classifyBatch(list, config, NO_DECISIONS).map((c) => [c.issue.key, c.classification]));
        const a = byKey(issues);
        const b = byKey(shuffled);
        for (const i of issues) expect(b.get(i.key)).toEqual(a.get(i.key));
        // A child of a parent in the batch follows it, unless something of its own decides.
        for (const i of issues) {
          const own = a.get(i.key);
          const parent = i.parent ? a.get(i.parent.key) : undefined;
          if (own?.source === 'parent' && parent) expect(own.category).toBe(parent.category);
        }
      }),
    );
  });

  it('takes overrides, settled decisions and outside parents as given', () => {
    const epic = issue({ key: 'OPS-1', summary: 'Build new billing dashboard', hierarchyLevel: 1, issueType: 'Epic' });
    const story = issue({ key: 'OPS-2', summary: 'Wire the chart', estimate: 3, parent: { key: 'OPS-1', id: 'OPS-1', summary: 'Build new billing dashboard', issueType: 'Epic', isEpic: true, labels: [] } });
    const orphan = issue({ key: 'OPS-3', summary: 'Wire the table', estimate: 2, parent: { key: 'APP-9', id: '9009', summary: 'x', issueType: 'Epic', isEpic: true, labels: [] } });
    const elsewhere = issue({ key: 'APP-4', projectKey: 'APP', summary: 'Build new billing dashboard', estimate: 5 });
    const decisions: Decisions = {
      ...NO_DECISIONS,
      overrides: new Map([['OPS-1', { category: 'KTLO' }]]),
      settled: new Map([['APP-4', { category: 'KTLO', source: 'rules', confidence: 1 }]]),
      parents: new Map([['APP-9', { category: 'KTLO', source: 'override', confidence: 1 }]]),
    };
    const { view } = measureSprint(inputs([story, orphan, elsewhere, epic], { decisions }));
    expect(view.issues.map((i) => [i.key, i.category])).toEqual([
      ['OPS-2', 'KTLO'],
      ['OPS-3', 'KTLO'],
      ['APP-4', 'KTLO'],
      ['OPS-1', 'KTLO'],
    ]);
    expect(view.ktloPoints).toBe(10);
  });

  it('marks work that joined after the start as unplanned, and issues without a join time by their creation', () => {
    const a = issue({ key: 'OPS-1', summary: 'Monthly security patching of web servers', estimate: 2 });
    const b = issue({ key: 'OPS-2', summary: 'Rotate expiring TLS certificates', estimate: 3, created: '2026-11-05T10:00:00.000Z' });
    const joinedAt = new Map([['OPS-1', '2026-11-01T10:00:00.000Z']]);
    const { view } = measureSprint(inputs([a, b], { joinedAt }));
    expect(view.issues.map((i) => [i.key, i.unplanned])).toEqual([
      ['OPS-1', false],
      ['OPS-2', true],
    ]);
    expect(view.ktloSplit).toEqual({ planned: 2, unplanned: 3 });
    // A future sprint has no start yet: nothing is unplanned.
    expect(measureSprint(inputs([a, b], { joinedAt, sprint: { ...sprint, state: 'future' } })).view.ktloSplit).toBeNull();
  });

  it('counts what a closed sprint finished before it closed, sub-tasks of listed parents not again', () => {
    const closed = { ...sprint, state: 'closed' as const, completeDate: '2026-11-16T09:00:00.000Z' };
    const parent = issue({ key: 'OPS-1', estimate: 5, statusCategory: 'done', resolutionDate: '2026-11-10T09:00:00.000Z' });
    const sub = issue({ key: 'OPS-2', estimate: 2, statusCategory: 'done', isSubtask: true, hierarchyLevel: -1, parent: { key: 'OPS-1', summary: '', issueType: 'Task', isEpic: false, labels: [] } });
    const late = issue({ key: 'OPS-3', estimate: 3, statusCategory: 'done', resolutionDate: '2026-11-20T09:00:00.000Z' });
    const open = issue({ key: 'OPS-4', estimate: 8, statusCategory: 'indeterminate' });
    expect(measureSprint(inputs([parent, sub, late, open], { sprint: closed })).completedPoints).toBe(5);
  });
});

describe('teamCapacity', () => {
  const closed = (sprintId: number, completedPoints: number, approximate = false) => ({ sprintId, completedPoints, completeDate: '2026-10-01T00:00:00.000Z', approximate });

  it('uses the configured capacity, else the velocity of the last three closed sprints other than this one', () => {
    expect(teamCapacity(30, [], 43)).toEqual({ capacity: { value: 30, source: 'configured', approximate: false }, historyPending: true });
    expect(teamCapacity(null, [closed(1, 10), closed(2, 20), closed(3, 30), closed(4, 40), closed(43, 99)], 43)).toEqual({ capacity: { value: 30, source: 'velocity', approximate: false }, historyPending: false });
    expect(teamCapacity(null, [closed(1, 12, true)], 43)).toEqual({ capacity: { value: 12, source: 'velocity', approximate: true }, historyPending: true });
    expect(teamCapacity(null, [], 43)).toEqual({ capacity: null, historyPending: true });
  });
});

describe('measureFlow', () => {
  it('counts WIP per category with the decisions given, and reports bad dates as an error naming the board', () => {
    const now = '2026-11-20T12:00:00.000Z';
    const wip = [issue({ key: 'OPS-1', summary: 'Rotate expiring TLS certificates', statusCategory: 'indeterminate', created: '2026-11-01T00:00:00.000Z' }), issue({ key: 'OPS-2', summary: 'Build new billing dashboard', statusCategory: 'indeterminate', created: '2026-11-01T00:00:00.000Z' })];
    const decisions = { ...NO_DECISIONS, overrides: new Map([['OPS-2', { category: 'KTLO' as const }]]) };
    const result = measureFlow({ board: { ...board, type: 'kanban' }, issues: wip, decisions, transitions: new Map(), config: { ...config, wipLimit: 1 }, now });
    expect(result).toMatchObject({ ok: true, value: { board: { id: 7 }, wip: { KTLO: 2, PROJECT: 0 }, ktloWip: { count: 2, limit: 1, status: 'over' } } });
    const bad = measureFlow({ board, issues: [issue({ key: 'OPS-3', created: 'soon' })], decisions: NO_DECISIONS, transitions: new Map(), config, now });
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('Ops board') });
  });
});

describe('measureTrend', () => {
  it('measures each sprint as measureSprint does over its planned total, and finds chores that come back', () => {
    const chore = (n: number) => issue({ key: `OPS-${n}`, id: String(n), summary: `Monthly security patching for ${['January', 'February', 'March'][n % 3]}`, estimate: 2 });
    const sprints = [1, 2, 3].map((n) => inputs([chore(n), issue({ key: `OPS-${10 + n}`, summary: 'Build new billing dashboard', estimate: 6 })], { sprint: { ...sprint, id: n, name: `S${n}`, state: 'closed' }, config: { ...config, teamCapacity: 100 } }));
    const trend = measureTrend({ board, band: config.band, sprints, asked: 12 });
    expect(trend).toMatchObject({ period: 'sprint', asked: 12, available: 3 });
    expect(trend.points.map((p) => [p.sprintId, p.ktloShare])).toEqual([
      [1, 0.25],
      [2, 0.25],
      [3, 0.25],
    ]);
    expect(trend.points[0]?.ktloPoints).toBe(measureSprint({ ...sprints[0]!, config }).view.ktloPoints);
    expect(trend.recurring).toEqual([expect.objectContaining({ occurrences: 3, totalPoints: 6 })]);
  });
});

describe('joinWithin', () => {
  const start = '2026-11-18T09:00:00.000Z';
  it('a span wholly before or after the start says which side the join was on; one across it does not', () => {
    expect(joinWithin({ after: null, by: '2026-11-18T08:00:00.000Z' }, start)).toBe('2026-11-18T08:00:00.000Z');
    expect(joinWithin({ after: '2026-11-18T08:55:00.000Z', by: '2026-11-18T09:00:00.000Z' }, start)).toBe('2026-11-18T09:00:00.000Z');
    const late = joinWithin({ after: '2026-11-18T09:00:00.000Z', by: '2026-11-18T10:00:00.000Z' }, start);
    expect(late).toBe('2026-11-18T10:00:00.000Z');
    expect(addedAfterStart(late ?? null, start)).toBe(true);
    expect(addedAfterStart(joinWithin({ after: null, by: start }, start) ?? null, start)).toBe(false);
    expect(joinWithin({ after: '2026-11-18T08:55:00.000Z', by: '2026-11-18T10:00:00.000Z' }, start)).toBeUndefined();
    expect(joinWithin({ after: null, by: '2026-11-18T10:00:00.000Z' }, start)).toBeUndefined();
    expect(joinWithin({ after: null, by: 'soon' }, start)).toBeUndefined();
  });
});

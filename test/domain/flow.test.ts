import fc from 'fast-check';
import type { Category } from '../../src/domain/category';
import {
  flowMetrics,
  MAX_FLOW_WEEKS,
  parseInstant,
  type FlowIssue,
  type FlowOptions,
  type FlowResult,
  type StatusCategoryTransition,
} from '../../src/domain/flow';
import type { StatusCategory } from '../../src/domain/issue';

const DAY = 86_400_000;
// Wednesday; its ISO week starts on Monday 2026-03-09.
const NOW = '2026-03-11T12:00:00Z';
const OPTIONS: FlowOptions = { wipLimit: 2, weeks: 2, now: NOW };

function issue(
  key: string,
  category: Category,
  statusCategory: StatusCategory | null,
  transitions: StatusCategoryTransition[] = [],
  created = '2026-03-01T00:00:00Z',
): FlowIssue {
  return { key, category, statusCategory, created, transitions };
}

function move(at: string, from: StatusCategory, to: StatusCategory): StatusCategoryTransition {
  return { at, from, to };
}

function metrics(issues: FlowIssue[], options: FlowOptions = OPTIONS): FlowResult {
  const result = flowMetrics(issues, options);
  if (!result.ok) throw new Error(`expected a result, got: ${result.error}`);
  return result.value;
}

function errorOf(issues: FlowIssue[], options: FlowOptions = OPTIONS): string {
  const result = flowMetrics(issues, options);
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

/** An issue started at `start` and done at `done` (ISO), no detours. */
function finished(key: string, category: Category, start: string, done: string): FlowIssue {
  return issue(key, category, 'done', [move(start, 'new', 'indeterminate'), move(done, 'indeterminate', 'done')]);
}

describe('parseInstant', () => {
  it('reads ISO dates and date-times, with Z, Jira-style +0000 and +hh:mm offsets', () => {
    expect(parseInstant('2026-03-09')).toBe(Date.UTC(2026, 2, 9));
    expect(parseInstant('2026-03-09T10:15:30.123Z')).toBe(Date.UTC(2026, 2, 9, 10, 15, 30, 123));
    expect(parseInstant('2026-03-09T10:15:30.000+0000')).toBe(Date.UTC(2026, 2, 9, 10, 15, 30));
    expect(parseInstant('2026-03-09T10:15:30+01:00')).toBe(Date.UTC(2026, 2, 9, 9, 15, 30));
    expect(parseInstant('2026-03-09T10:15-0530')).toBe(Date.UTC(2026, 2, 9, 15, 45));
  });

  it('reads a time without an offset as UTC, whatever the server zone', () => {
    expect(parseInstant('2026-03-09T10:15:30')).toBe(Date.UTC(2026, 2, 9, 10, 15, 30));
  });

  it('rejects text that is not an ISO date, and impossible dates Date.parse would roll over', () => {
    for (const bad of ['xyz', '', 'March 9, 2026', '2026-02-30', '2026-13-01', '2026-03-09T24:00', '2026-03-09T10:61', '9/3/2026', '2026-03-09T10:00+25:00']) {
      expect(parseInstant(bad)).toBeNull();
    }
    expect(parseInstant('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('flowMetrics', () => {
  it('gives zeros, nulls and the window weeks for no issues', () => {
    const r = metrics([]);
    expect(r.wip).toEqual({ KTLO: 0, PROJECT: 0 });
    expect(r.ktloWip).toEqual({ count: 0, limit: 2, status: 'within', issues: [] });
    expect(r.cycleTime).toEqual({
      KTLO: { p50: null, p85: null, samples: 0 },
      PROJECT: { p50: null, p85: null, samples: 0 },
    });
    expect(r.throughput).toEqual([
      { weekStart: '2026-03-02', KTLO: 0, PROJECT: 0 },
      { weekStart: '2026-03-09', KTLO: 0, PROJECT: 0 },
    ]);
    expect(r.ktloThroughputShare).toBeNull();
  });

  it('counts WIP per category; KTLO WIP equal to the limit is within, above it is over, no limit is no-limit', () => {
    const two = [issue('K-1', 'KTLO', 'indeterminate'), issue('K-2', 'KTLO', 'indeterminate')];
    const others = [issue('P-1', 'PROJECT', 'indeterminate'), issue('K-3', 'KTLO', 'new'), issue('K-4', 'KTLO', 'done'), issue('K-5', 'KTLO', null)];
    const r = metrics([...two, ...others]);
    expect(r.wip).toEqual({ KTLO: 2, PROJECT: 1 });
    expect(r.ktloWip).toMatchObject({ count: 2, limit: 2, status: 'within' });
    expect(metrics([...two, issue('K-6', 'KTLO', 'indeterminate')]).ktloWip).toMatchObject({ count: 3, limit: 2, status: 'over' });
    expect(metrics(two, { ...OPTIONS, wipLimit: null }).ktloWip).toMatchObject({ count: 2, limit: null, status: 'no-limit' });
    expect(metrics([issue('K-1', 'KTLO', 'indeterminate')], { ...OPTIONS, wipLimit: 0 }).ktloWip.status).toBe('over');
  });

  it('lists the KTLO issues in progress, oldest first, aged from their last move into progress (else from creation)', () => {
    const r = metrics([
      issue('K-1', 'KTLO', 'indeterminate', [move('2026-03-02T12:00:00Z', 'new', 'indeterminate'), move('2026-03-04T12:00:00Z', 'indeterminate', 'new'), move('2026-03-09T00:00:00Z', 'new', 'indeterminate')]),
      issue('K-2', 'KTLO', 'indeterminate', [], '2026-03-06T12:00:00Z'),
      issue('P-1', 'PROJECT', 'indeterminate', [], '2026-01-01T00:00:00Z'),
      issue('K-3', 'KTLO', 'done', [move('2026-03-02T00:00:00Z', 'new', 'indeterminate'), move('2026-03-03T00:00:00Z', 'indeterminate', 'done')]),
    ]);
    expect(r.ktloWip.issues).toEqual([
      { key: 'K-2', ageDays: 5 },
      { key: 'K-1', ageDays: 2.5 },
    ]);
  });

  it('measures cycle time from the first move into progress to the move into done', () => {
    const r = metrics([
      issue('K-1', 'KTLO', 'done', [
        move('2026-03-03T00:00:00Z', 'new', 'indeterminate'),
        move('2026-03-04T00:00:00Z', 'indeterminate', 'new'),
        move('2026-03-05T00:00:00Z', 'new', 'indeterminate'),
        move('2026-03-06T12:00:00Z', 'indeterminate', 'done'),
      ]),
    ]);
    expect(r.cycleTime.KTLO).toEqual({ p50: 3.5, p85: 3.5, samples: 1 });
  });

  it('measures an issue that went straight to done from its creation', () => {
    const straight = issue('K-1', 'KTLO', 'done', [move('2026-03-04T12:00:00Z', 'new', 'done')], '2026-03-02T00:00:00Z');
    const r = metrics([straight]);
    expect(r.cycleTime.KTLO).toEqual({ p50: 2.5, p85: 2.5, samples: 1 });
    expect(r.throughput[0]).toEqual({ weekStart: '2026-03-02', KTLO: 1, PROJECT: 0 });
  });

  it('counts a reopened issue once, at its last move into done, timed from its first start', () => {
    const reopened = issue('K-1', 'KTLO', 'done', [
      move('2026-03-02T00:00:00Z', 'new', 'indeterminate'),
      move('2026-03-03T00:00:00Z', 'indeterminate', 'done'),
      move('2026-03-04T00:00:00Z', 'done', 'indeterminate'),
      move('2026-03-10T00:00:00Z', 'indeterminate', 'done'),
    ]);
    const r = metrics([reopened]);
    expect(r.throughput).toEqual([
      { weekStart: '2026-03-02', KTLO: 0, PROJECT: 0 },
      { weekStart: '2026-03-09', KTLO: 1, PROJECT: 0 },
    ]);
    expect(r.cycleTime.KTLO).toEqual({ p50: 8, p85: 8, samples: 1 });
  });

  it('does not count an issue reopened and still in progress as done, but as WIP', () => {
    const reopened = issue('K-1', 'KTLO', 'indeterminate', [
      move('2026-03-02T00:00:00Z', 'new', 'indeterminate'),
      move('2026-03-03T00:00:00Z', 'indeterminate', 'done'),
      move('2026-03-04T00:00:00Z', 'done', 'indeterminate'),
    ]);
    const r = metrics([reopened]);
    expect(r.wip.KTLO).toBe(1);
    expect(r.cycleTime.KTLO.samples).toBe(0);
    expect(r.throughput.every((w) => w.KTLO === 0)).toBe(true);
  });

  it('sorts transitions by time whatever order they come in', () => {
    const moves = [
      move('2026-03-10T00:00:00Z', 'indeterminate', 'done'),
      move('2026-03-02T00:00:00Z', 'new', 'indeterminate'),
      move('2026-03-04T00:00:00Z', 'done', 'indeterminate'),
      move('2026-03-03T00:00:00Z', 'indeterminate', 'done'),
    ];
    const r = metrics([issue('K-1', 'KTLO', 'done', moves)]);
    expect(r.cycleTime.KTLO).toEqual({ p50: 8, p85: 8, samples: 1 });
    expect(r.throughput[1]?.KTLO).toBe(1);
  });

  it('counts only issues done within the window of ISO weeks (UTC) ending with the week of now', () => {
    const r = metrics([
      finished('K-1', 'KTLO', '2026-02-20T00:00:00Z', '2026-03-01T23:59:59Z'), // Sunday before the window
      finished('K-2', 'KTLO', '2026-02-20T00:00:00Z', '2026-03-02T00:00:00Z'), // first instant of the window
      finished('P-1', 'PROJECT', '2026-03-01T00:00:00Z', '2026-03-15T23:59:59Z'), // later this week than now
      finished('P-2', 'PROJECT', '2026-03-01T00:00:00Z', '2026-03-16T00:00:00Z'), // next week
      // 00:30 on Monday in UTC+1 is still Sunday in UTC.
      finished('P-3', 'PROJECT', '2026-03-01T00:00:00Z', '2026-03-09T00:30:00+01:00'),
    ]);
    expect(r.throughput).toEqual([
      { weekStart: '2026-03-02', KTLO: 1, PROJECT: 1 },
      { weekStart: '2026-03-09', KTLO: 0, PROJECT: 1 },
    ]);
    expect(r.cycleTime.KTLO.samples).toBe(1);
    expect(r.cycleTime.PROJECT.samples).toBe(2);
    expect(r.ktloThroughputShare).toBeCloseTo(1 / 3, 12);
  });

  it('starts the week on Monday: now on a Sunday or at Monday midnight', () => {
    expect(metrics([], { ...OPTIONS, weeks: 1, now: '2026-03-15T23:59:59Z' }).throughput[0]?.weekStart).toBe('2026-03-09');
    expect(metrics([], { ...OPTIONS, weeks: 1, now: '2026-03-16T00:00:00Z' }).throughput[0]?.weekStart).toBe('2026-03-16');
    // Across a year end: Thursday 2026-01-01 belongs to the week of Monday 2025-12-29.
    expect(metrics([], { ...OPTIONS, weeks: 1, now: '2026-01-01' }).throughput[0]?.weekStart).toBe('2025-12-29');
  });

  it('ignores a done issue whose history never shows it entering done', () => {
    const r = metrics([issue('K-1', 'KTLO', 'done', [move('2026-03-03T00:00:00Z', 'new', 'indeterminate')])]);
    expect(r.cycleTime.KTLO.samples).toBe(0);
    expect(r.ktloThroughputShare).toBeNull();
  });

  it('gives nearest-rank p50 and p85 in days rounded to 0.1, and the KTLO share of throughput', () => {
    const ktlo = Array.from({ length: 20 }, (_, i) =>
      finished(`K-${i + 1}`, 'KTLO', '2026-02-01T00:00:00Z', new Date(Date.UTC(2026, 1, 1) + (i + 1) * DAY + 3_600_000).toISOString()),
    );
    const project = [finished('P-1', 'PROJECT', '2026-02-01T00:00:00Z', '2026-02-04T00:00:00Z')];
    const r = metrics([...ktlo, ...project], { ...OPTIONS, weeks: 8 });
    // Samples are 1.04.. 20.04 days; the 10th and the 17th, rounded.
    expect(r.cycleTime.KTLO).toEqual({ p50: 10, p85: 17, samples: 20 });
    expect(r.cycleTime.PROJECT).toEqual({ p50: 3, p85: 3, samples: 1 });
    expect(r.ktloThroughputShare).toBeCloseTo(20 / 21, 12);
  });

  it('treats a creation date after the done date as zero cycle time rather than negative', () => {
    const r = metrics([issue('K-1', 'KTLO', 'done', [move('2026-03-03T00:00:00Z', 'new', 'done')], '2026-03-05T00:00:00Z')]);
    expect(r.cycleTime.KTLO).toEqual({ p50: 0, p85: 0, samples: 1 });
  });

  describe('bad data comes back as an error naming what was wrong, never as an exception', () => {
    it('names the issue and the value for a bad transition date', () => {
      const bad = issue('ABC-1', 'KTLO', 'done', [move('xyz', 'new', 'done')]);
      expect(errorOf([issue('ABC-0', 'KTLO', 'new'), bad])).toBe('issue ABC-1: transition at "xyz" is not a date');
    });

    it('names the issue for a bad or impossible creation date', () => {
      expect(errorOf([issue('ABC-2', 'PROJECT', 'new', [], '2026-02-30')])).toBe('issue ABC-2: created "2026-02-30" is not a date');
    });

    it('rejects a bad now, weeks or WIP limit', () => {
      expect(errorOf([], { ...OPTIONS, now: 'tomorrow' })).toBe('now "tomorrow" is not a date');
      expect(errorOf([], { ...OPTIONS, weeks: 0 })).toMatch(/^weeks must be a whole number from 1 to 520, got 0$/);
      expect(errorOf([], { ...OPTIONS, weeks: 2.5 })).toMatch(/weeks/);
      expect(errorOf([], { ...OPTIONS, weeks: MAX_FLOW_WEEKS + 1 })).toMatch(/weeks/);
      expect(errorOf([], { ...OPTIONS, wipLimit: -1 })).toMatch(/^wipLimit must be/);
      expect(errorOf([], { ...OPTIONS, wipLimit: Number.NaN })).toMatch(/^wipLimit must be/);
    });

    it('rejects an issue listed twice, which would count twice', () => {
      expect(errorOf([issue('K-1', 'KTLO', 'new'), issue('K-1', 'KTLO', 'done')])).toBe('issue K-1: listed more than once');
    });

    it('property: arbitrary text in date fields never throws, and any error names the issue', () => {
      const text = fc.oneof(fc.string(), fc.constant('2026-03-03T00:00:00Z'));
      fc.assert(
        fc.property(text, text, (created, at) => {
          const result = flowMetrics([issue('Q-1', 'KTLO', 'done', [move(at, 'new', 'done')], created)], OPTIONS);
          if (!result.ok) expect(result.error.startsWith('issue Q-1: ')).toBe(true);
          else expect(parseInstant(created)).not.toBeNull();
        }),
      );
    });
  });

  describe('properties', () => {
    const BASE = Date.UTC(2026, 0, 1);
    const SPAN_MINUTES = 120 * 24 * 60; // about four months of history
    const instant = fc.integer({ min: 0, max: SPAN_MINUTES }).map((m) => new Date(BASE + m * 60_000).toISOString());
    const statusCategory = fc.constantFrom<StatusCategory>('new', 'indeterminate', 'done');
    const transition = fc.record({ at: instant, from: statusCategory, to: statusCategory });
    const flowIssue = (key: string): fc.Arbitrary<FlowIssue> =>
      fc.record({
        key: fc.constant(key),
        category: fc.constantFrom<Category>('KTLO', 'PROJECT'),
        statusCategory: fc.option(statusCategory, { nil: null }),
        created: instant,
        transitions: fc.array(transition, { maxLength: 8 }),
      });
    const issues = fc
      .integer({ min: 0, max: 30 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => flowIssue(`F-${i + 1}`))));
    const options = fc.record({
      wipLimit: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
      weeks: fc.integer({ min: 1, max: 20 }),
      now: instant,
    });

    /** The oracle: when a done issue last entered done, by a plain scan (null when not done or never entered done). */
    function lastDone(i: FlowIssue): number | null {
      if (i.statusCategory !== 'done') return null;
      const times = i.transitions.filter((t) => t.to === 'done').map((t) => Date.parse(t.at));
      return times.length === 0 ? null : Math.max(...times);
    }

    /** Monday 00:00 UTC of the week of `iso`, by stepping back a day at a time. */
    function mondayOf(iso: string): number {
      const d = new Date(iso);
      let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      while (new Date(t).getUTCDay() !== 1) t -= DAY;
      return t;
    }

    it('WIP counts equal the number of in-progress issues per category', () => {
      fc.assert(
        fc.property(issues, options, (xs, opts) => {
          const r = metrics(xs, opts);
          for (const c of ['KTLO', 'PROJECT'] as const) {
            expect(r.wip[c]).toBe(xs.filter((i) => i.category === c && i.statusCategory === 'indeterminate').length);
          }
          expect(r.ktloWip.count).toBe(r.wip.KTLO);
          const expected = opts.wipLimit === null ? 'no-limit' : r.wip.KTLO > opts.wipLimit ? 'over' : 'within';
          expect(r.ktloWip.status).toBe(expected);
        }),
      );
    });

    it('throughput covers `weeks` consecutive Mondays ending with the week of now, and adds up to the issues done in it', () => {
      fc.assert(
        fc.property(issues, options, (xs, opts) => {
          const r = metrics(xs, opts);
          const end = mondayOf(opts.now) + 7 * DAY;
          const start = end - opts.weeks * 7 * DAY;
          expect(r.throughput.map((w) => w.weekStart)).toEqual(
            Array.from({ length: opts.weeks }, (_, i) => new Date(start + i * 7 * DAY).toISOString().slice(0, 10)),
          );
          for (const c of ['KTLO', 'PROJECT'] as const) {
            const doneInWindow = xs.filter((i) => {
              const t = lastDone(i);
              return i.category === c && t !== null && t >= start && t < end;
            }).length;
            expect(r.throughput.reduce((sum, w) => sum + w[c], 0)).toBe(doneInWindow);
            expect(r.cycleTime[c].samples).toBe(doneInWindow);
          }
        }),
      );
    });

    it('ktloThroughputShare is in [0, 1], and null exactly when nothing finished', () => {
      fc.assert(
        fc.property(issues, options, (xs, opts) => {
          const r = metrics(xs, opts);
          const total = r.throughput.reduce((sum, w) => sum + w.KTLO + w.PROJECT, 0);
          if (total === 0) expect(r.ktloThroughputShare).toBeNull();
          else {
            expect(r.ktloThroughputShare).toBeGreaterThanOrEqual(0);
            expect(r.ktloThroughputShare).toBeLessThanOrEqual(1);
          }
        }),
      );
    });

    it('cycle-time percentiles are non-negative, p50 <= p85, and null exactly when there are no samples', () => {
      fc.assert(
        fc.property(issues, options, (xs, opts) => {
          const r = metrics(xs, opts);
          for (const c of ['KTLO', 'PROJECT'] as const) {
            const { p50, p85, samples } = r.cycleTime[c];
            if (samples === 0) {
              expect([p50, p85]).toEqual([null, null]);
            } else {
              expect(p50).toBeGreaterThanOrEqual(0);
              expect(p50).toBeLessThanOrEqual(p85 ?? Number.NaN);
            }
          }
        }),
      );
    });

    it('does not depend on the order of issues or of transitions (distinct instants)', () => {
      const distinct = fc
        .uniqueArray(fc.integer({ min: 0, max: SPAN_MINUTES }), { maxLength: 8 })
        .chain((minutes) =>
          fc.tuple(...minutes.map((m) => fc.record({ from: statusCategory, to: statusCategory }).map((t) => ({ ...t, at: new Date(BASE + m * 60_000).toISOString() })))),
        );
      const shuffledIssue = (key: string): fc.Arbitrary<FlowIssue> =>
        fc.record({
          key: fc.constant(key),
          category: fc.constantFrom<Category>('KTLO', 'PROJECT'),
          statusCategory: fc.option(statusCategory, { nil: null }),
          created: instant,
          transitions: distinct,
        });
      const many = fc.integer({ min: 0, max: 15 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => shuffledIssue(`S-${i + 1}`))));
      fc.assert(
        fc.property(many, options, (xs, opts) => {
          const reversed = [...xs].reverse().map((i) => ({ ...i, transitions: [...i.transitions].reverse() }));
          expect(metrics(reversed, opts)).toEqual(metrics(xs, opts));
        }),
      );
    });
  });
});

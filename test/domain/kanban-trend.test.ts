import fc from 'fast-check';
import { kanbanTrend, type DoneIssue } from '../../src/domain/kanban-trend';

const done = (key: string, category: 'KTLO' | 'PROJECT', doneAt: string, estimate: number | null = 1, confidence = 0.9): DoneIssue => ({ key, category, confidence, estimate, isSubtask: false, parentKey: null, doneAt });
const options = { band: { min: 0.2, max: 0.3 }, lowConfidenceThreshold: 0.6, now: '2026-12-01T12:00:00.000Z' };

describe('kanbanTrend', () => {
  it('weekly: ISO weeks up to the current one, KTLO share of what finished, weighted by estimate, judged against the band', () => {
    const result = kanbanTrend(
      [
        done('K-1', 'KTLO', '2026-11-30T09:00:00Z', 2), // Monday of the current week
        done('P-1', 'PROJECT', '2026-12-01T08:00:00Z', 6),
        done('K-2', 'KTLO', '2026-11-29T23:59:59Z', 5), // Sunday: the week before
        done('P-2', 'PROJECT', '2026-11-25T10:00:00Z', 5),
        done('P-3', 'PROJECT', '2026-11-25T10:00:00Z', null), // unestimated: not counted
      ],
      { ...options, period: 'week', periods: 3 },
    );
    if (!result.ok) throw new Error(result.error);
    expect(result.value.points.map((p) => [p.name, p.startDate, p.endDate, p.ktloShare, p.status])).toEqual([
      ['Week of 2026-11-16', '2026-11-16', '2026-11-22', null, 'empty'],
      ['Week of 2026-11-23', '2026-11-23', '2026-11-29', 0.5, 'over'],
      ['Week of 2026-11-30', '2026-11-30', '2026-12-06', 0.25, 'within'],
    ]);
    expect(result.value.available).toBe(2);
    expect(result.value.summary).toMatchObject({ sprints: 3, sprintsOver: 1, sprintsWithin: 1, sprintsEmpty: 1 });
  });

  it('monthly: calendar months (UTC), and a month whose status rests on an unsure issue says so with its range', () => {
    const result = kanbanTrend(
      [done('K-1', 'KTLO', '2026-10-31T23:30:00Z'), done('P-1', 'PROJECT', '2026-10-02T00:00:00Z', 3), done('K-2', 'KTLO', '2026-12-01T01:00:00Z', 1, 0.3), done('P-2', 'PROJECT', '2026-12-01T02:00:00Z', 3)],
      { ...options, period: 'month', periods: 12 },
    );
    if (!result.ok) throw new Error(result.error);
    const { points, available } = result.value;
    expect(points).toHaveLength(12);
    expect(available).toBe(3);
    expect(points.slice(-3).map((p) => [p.name, p.ktloShare, p.shareRange, p.restsOnUnsure])).toEqual([
      ['Oct 2026', 0.25, null, false],
      ['Nov 2026', null, null, false],
      ['Dec 2026', 0.25, { min: 0, max: 0.25 }, true],
    ]);
    expect(points[0]?.startDate).toBe('2026-01-01');
    expect(points[11]?.endDate).toBe('2026-12-31');
  });

  it('shares stay in [0,1] with their range around them, and every finished issue in the window counts once', () => {
    const arbDone = fc.uniqueArray(
      fc.record({
        key: fc.stringMatching(/^[A-Z]-[1-9]\d{0,2}$/),
        category: fc.constantFrom('KTLO' as const, 'PROJECT' as const),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }),
        estimate: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
        isSubtask: fc.constant(false),
        parentKey: fc.constant(null),
        doneAt: fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2026-12-01T12:00:00Z') }).map((ms) => new Date(ms).toISOString()),
      }),
      { selector: (d) => d.key, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbDone, fc.constantFrom('week' as const, 'month' as const), fc.integer({ min: 1, max: 30 }), (issues, period, periods) => {
        const result = kanbanTrend(issues, { ...options, period, periods });
        if (!result.ok) throw new Error(result.error);
        expect(result.value.points).toHaveLength(periods);
        expect(result.value.available).toBeLessThanOrEqual(periods);
        const windowStart = Date.parse(`${result.value.points[0]?.startDate}T00:00:00Z`);
        const counted = issues.filter((i) => Date.parse(i.doneAt) >= windowStart && i.estimate !== null).reduce((sum, i) => sum + (i.estimate ?? 0), 0);
        expect(result.value.points.reduce((sum, p) => sum + p.ktloPoints + p.projectPoints, 0)).toBeCloseTo(counted, 6);
        for (const p of result.value.points) {
          if (p.ktloShare === null) continue;
          expect(p.ktloShare).toBeGreaterThanOrEqual(0);
          expect(p.ktloShare).toBeLessThanOrEqual(1);
          if (p.shareRange) expect(p.shareRange.min <= p.ktloShare + 1e-12 && p.ktloShare <= p.shareRange.max + 1e-12).toBe(true);
        }
      }),
    );
  });

  it('names a bad date and a bad period count', () => {
    expect(kanbanTrend([done('K-1', 'KTLO', 'yesterday')], { ...options, period: 'week', periods: 4 })).toEqual({ ok: false, error: 'issue K-1: doneAt is not an ISO 8601 instant: yesterday' });
    expect(kanbanTrend([], { ...options, period: 'week', periods: 0 })).toMatchObject({ ok: false, error: expect.stringContaining('periods') });
  });
});

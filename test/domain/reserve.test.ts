import fc from 'fast-check';
import { kanbanTrend } from '../../src/domain/kanban-trend';
import { MIN_RESERVE_SPRINTS, RESERVE_SPRINTS, RESERVE_WEEKS, suggestKanbanReserve, suggestReserve, type ClosedSprintShares } from '../../src/domain/reserve';

const sprint = (n: number, ktloPoints: number, projectPoints: number, ktloUnplanned: number | null = null): ClosedSprintShares => ({
  sprintId: n,
  completeDate: `2026-${String(1 + Math.floor(n / 28)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00.000Z`,
  ktloPoints,
  projectPoints,
  ktloShare: ktloPoints + projectPoints > 0 ? ktloPoints / (ktloPoints + projectPoints) : null,
  ktloUnplanned,
});

const arbSprints = fc.array(
  fc.record({ ktlo: fc.integer({ min: 0, max: 30 }), project: fc.integer({ min: 0, max: 30 }), unplanned: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }) }),
  { maxLength: 30 },
).map((rows) => rows.map((r, i) => sprint(i + 1, r.ktlo, r.project, r.unplanned === null ? null : Math.min(r.unplanned, r.ktlo))));

describe('suggestReserve', () => {
  it('a band of whole 5% steps within [0,1], at least a step wide, from p50 down to p85 up, over at most the last 12 closed sprints', () => {
    fc.assert(
      fc.property(arbSprints, (sprints) => {
        const s = suggestReserve(sprints);
        const measured = sprints.slice(-RESERVE_SPRINTS).filter((x) => x.ktloShare !== null);
        if (measured.length < MIN_RESERVE_SPRINTS) {
          expect(s).toEqual({ kind: 'too-little-history', period: 'sprint', periods: measured.length, needed: MIN_RESERVE_SPRINTS });
          return;
        }
        if (s.kind !== 'suggested') throw new Error('expected a suggestion');
        expect(s.periods).toBe(Math.min(RESERVE_SPRINTS, sprints.length));
        expect(s.periods - s.skipped).toBe(measured.length);
        expect(s.band.min).toBeGreaterThanOrEqual(0);
        expect(s.band.max).toBeLessThanOrEqual(1);
        expect(s.band.max - s.band.min).toBeGreaterThanOrEqual(0.05 - 1e-9);
        for (const edge of [s.band.min, s.band.max]) expect(Math.abs(edge * 20 - Math.round(edge * 20))).toBeLessThan(1e-9);
        expect(s.ktloShare.p50).toBeLessThanOrEqual(s.ktloShare.p85);
        expect(s.band.min).toBeLessThanOrEqual(s.ktloShare.p50 + 1e-9);
        if (s.ktloShare.p85 <= 0.95) expect(s.band.max).toBeGreaterThanOrEqual(s.ktloShare.p85 - 1e-9);
        const withSplit = measured.filter((x) => x.ktloUnplanned !== null).length;
        expect(s.unplannedShare?.periods ?? 0).toBe(withSplit);
        if (s.unplannedShare) {
          expect(s.unplannedShare.p50).toBeGreaterThanOrEqual(0);
          expect(s.unplannedShare.p50).toBeLessThanOrEqual(s.unplannedShare.p85);
          expect(s.unplannedShare.p85).toBeLessThanOrEqual(s.ktloShare.p85 === 0 ? 0 : 1);
        }
      }),
    );
  });

  it('twelve sprints of 22-34% KTLO (p50 28%, p85 33%) suggest 25-35%, over the last 12 of 14, with unplanned KTLO apart', () => {
    const shares = [50, 50, 22, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34];
    const s = suggestReserve(shares.map((pct, i) => sprint(i + 1, pct, 100 - pct, i % 2 === 0 ? 5 : null)));
    expect(s).toEqual({
      kind: 'suggested',
      band: { min: 0.25, max: 0.35 },
      period: 'sprint',
      periods: 12,
      skipped: 0,
      ktloShare: { p50: 0.28, p85: 0.33, periods: 12 },
      unplannedShare: { p50: 0.05, p85: 0.05, periods: 6 },
    });
  });

  it('an edge exactly on a step stays there, and a flat history still gets a band one step wide', () => {
    const flat = suggestReserve([1, 2, 3, 4].map((n) => sprint(n, 25, 75)));
    expect(flat).toMatchObject({ kind: 'suggested', band: { min: 0.25, max: 0.3 } });
    const allKtlo = suggestReserve([1, 2, 3, 4].map((n) => sprint(n, 10, 0)));
    expect(allKtlo).toMatchObject({ kind: 'suggested', band: { min: 0.95, max: 1 } });
  });

  it('three sprints with something measured (open and empty ones not counted) are too little history', () => {
    const open = { ...sprint(9, 30, 70), completeDate: null };
    expect(suggestReserve([sprint(1, 20, 80), sprint(2, 0, 0), sprint(3, 20, 80), sprint(4, 30, 70), open])).toEqual({ kind: 'too-little-history', period: 'sprint', periods: 3, needed: 4 });
  });

  it('orders by completion, not by input order', () => {
    const rows = [22, 24, 26, 28, 60].map((pct, i) => sprint(i + 1, pct, 100 - pct));
    expect(suggestReserve([...rows].reverse())).toEqual(suggestReserve(rows));
  });
});

it('unplanned KTLO has its own p50-p85 over the sprints that stored what joined late, and says how many did', () => {
  // Twelve sprints, the first four measured before the split was stored; unplanned 2..9 points of 100.
  const rows = Array.from({ length: 12 }, (_, i) => sprint(i + 1, 30, 70, i < 4 ? null : i - 2));
  const s = suggestReserve(rows);
  if (s.kind !== 'suggested') throw new Error('expected a suggestion');
  // Eight shares 0.02..0.09: nearest rank p50 = 4th = 0.05, p85 = ceil(6.8) = 7th = 0.08.
  expect(s.unplannedShare).toEqual({ p50: 0.05, p85: 0.08, periods: 8 });
  expect(s.ktloShare.periods).toBe(12);
});

describe('suggestKanbanReserve', () => {
  const now = '2026-12-02T10:00:00.000Z';
  const done = (weeksAgo: number, ktlo: number, project: number) =>
    Array.from({ length: ktlo + project }, (_, i) => ({
      key: `K-${weeksAgo}-${i}`,
      category: i < ktlo ? ('KTLO' as const) : ('PROJECT' as const),
      confidence: 1,
      estimate: 1,
      isSubtask: false,
      parentKey: null,
      doneAt: new Date(Date.parse(now) - weeksAgo * 7 * 86_400_000).toISOString(),
    }));
  const weeks = (issues: ReturnType<typeof done>, periods = RESERVE_WEEKS + 1) => {
    const trend = kanbanTrend(issues, { period: 'week', periods, now, band: { min: 0.2, max: 0.3 }, lowConfidenceThreshold: 0.6 });
    if (!trend.ok) throw new Error(trend.error);
    return trend.value.points;
  };

  it('takes the last 12 full weeks of throughput, leaving the running week and older weeks out', () => {
    // This week: all KTLO (left out). Weeks 1..12 ago: 1..12 KTLO of 20 finished. Week 13 ago: outside the window.
    const issues = [...done(0, 10, 0), ...Array.from({ length: 12 }, (_, w) => done(w + 1, w + 1, 19 - w)).flat(), ...done(13, 20, 0)];
    const s = suggestKanbanReserve(weeks(issues, 14));
    // Shares 0.05..0.6: p50 = 6th = 0.3, p85 = ceil(10.2) = 11th = 0.55.
    expect(s).toEqual({ kind: 'suggested', period: 'week', periods: 12, skipped: 0, band: { min: 0.3, max: 0.55 }, ktloShare: { p50: 0.3, p85: 0.55, periods: 12 }, unplannedShare: null });
  });

  it('weeks with nothing finished are left out and counted; fewer than four measured weeks give none', () => {
    const sparse = weeks([...done(1, 1, 3), ...done(3, 1, 3), ...done(5, 2, 2)]);
    expect(suggestKanbanReserve(sparse)).toEqual({ kind: 'too-little-history', period: 'week', periods: 3, needed: 4 });
    const s = suggestKanbanReserve(weeks([...done(1, 1, 3), ...done(3, 1, 3), ...done(5, 2, 2), ...done(7, 1, 3)]));
    expect(s).toMatchObject({ kind: 'suggested', periods: 12, skipped: 8, band: { min: 0.25, max: 0.5 } });
  });
});

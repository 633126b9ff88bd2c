import fc from 'fast-check';
import { MIN_RESERVE_SPRINTS, RESERVE_SPRINTS, suggestReserve, type ClosedSprintShares } from '../../src/domain/reserve';

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
          expect(s).toEqual({ kind: 'too-little-history', sprints: measured.length, needed: MIN_RESERVE_SPRINTS });
          return;
        }
        if (s.kind !== 'suggested') throw new Error('expected a suggestion');
        expect(s.sprints).toBe(Math.min(RESERVE_SPRINTS, sprints.length));
        expect(s.sprints - s.skipped).toBe(measured.length);
        expect(s.band.min).toBeGreaterThanOrEqual(0);
        expect(s.band.max).toBeLessThanOrEqual(1);
        expect(s.band.max - s.band.min).toBeGreaterThanOrEqual(0.05 - 1e-9);
        for (const edge of [s.band.min, s.band.max]) expect(Math.abs(edge * 20 - Math.round(edge * 20))).toBeLessThan(1e-9);
        expect(s.ktloShare.p50).toBeLessThanOrEqual(s.ktloShare.p85);
        expect(s.band.min).toBeLessThanOrEqual(s.ktloShare.p50 + 1e-9);
        if (s.ktloShare.p85 <= 0.95) expect(s.band.max).toBeGreaterThanOrEqual(s.ktloShare.p85 - 1e-9);
        if (s.unplannedShare) {
          expect(s.unplannedShare.p50).toBeGreaterThanOrEqual(0);
          expect(s.unplannedShare.p85).toBeLessThanOrEqual(1);
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
      sprints: 12,
      skipped: 0,
      ktloShare: { p50: 0.28, p85: 0.33, sprints: 12 },
      unplannedShare: { p50: 0.05, p85: 0.05, sprints: 6 },
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
    expect(suggestReserve([sprint(1, 20, 80), sprint(2, 0, 0), sprint(3, 20, 80), sprint(4, 30, 70), open])).toEqual({ kind: 'too-little-history', sprints: 3, needed: 4 });
  });

  it('orders by completion, not by input order', () => {
    const rows = [22, 24, 26, 28, 60].map((pct, i) => sprint(i + 1, pct, 100 - pct));
    expect(suggestReserve([...rows].reverse())).toEqual(suggestReserve(rows));
  });
});

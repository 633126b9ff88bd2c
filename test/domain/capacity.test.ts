import fc from 'fast-check';
import { checkCapacity, velocity, type CapacityItem } from '../../src/domain/capacity';

const band = { min: 0.2, max: 0.3 };
const item = (key: string, category: 'KTLO' | 'PROJECT', estimate: number | null, extra: Partial<CapacityItem> = {}): CapacityItem => ({
  key,
  category,
  confidence: 0.9,
  estimate,
  isSubtask: false,
  parentKey: null,
  ...extra,
});
const check = (items: CapacityItem[], teamCapacity: number | null = null) => checkCapacity({ items, band, teamCapacity, lowConfidenceThreshold: 0.6 });

describe('checkCapacity', () => {
  it('sums KTLO and project points and takes the share over the sprint total', () => {
    const result = check([item('A-1', 'KTLO', 3), item('A-2', 'PROJECT', 8), item('A-3', 'PROJECT', 2), item('A-4', 'KTLO', null)]);
    expect(result).toMatchObject({ ktloPoints: 3, projectPoints: 10, totalPoints: 13, unestimated: ['A-4'], status: 'within', reserved: null, projectRoom: null });
    expect(result.ktloShare).toBeCloseTo(3 / 13, 12);
  });

  it('bounds are inclusive: exactly 20% and exactly 30% are within', () => {
    expect(check([item('A-1', 'KTLO', 2), item('A-2', 'PROJECT', 8)]).status).toBe('within');
    expect(check([item('A-1', 'KTLO', 3), item('A-2', 'PROJECT', 7)]).status).toBe('within');
    expect(check([item('A-1', 'KTLO', 0.1), item('A-2', 'KTLO', 0.2), item('A-3', 'PROJECT', 0.7)]).status).toBe('within');
    expect(check([item('A-1', 'KTLO', 3.1), item('A-2', 'PROJECT', 6.9)]).status).toBe('over');
    expect(check([item('A-1', 'KTLO', 1.9), item('A-2', 'PROJECT', 8.1)]).status).toBe('under');
  });

  it('is empty when nothing is estimated and no capacity is set', () => {
    expect(check([])).toMatchObject({ ktloShare: null, status: 'empty' });
    expect(check([item('A-1', 'KTLO', null)])).toMatchObject({ ktloShare: null, status: 'empty', unestimated: ['A-1'] });
    expect(check([item('A-1', 'KTLO', 0)])).toMatchObject({ ktloShare: null, status: 'empty' });
  });

  it('measures against team capacity when given, with the reserved range and the room left', () => {
    const result = check([item('A-1', 'KTLO', 5), item('A-2', 'PROJECT', 20)], 40);
    expect(result).toMatchObject({ ktloShare: 0.125, status: 'under', reserved: { min: 8, max: 12 }, projectRoom: 12, denominator: 40 });
    // More KTLO planned than reserved: the planned KTLO, not the reservation, is what the project work must fit around.
    expect(check([item('A-1', 'KTLO', 14), item('A-2', 'PROJECT', 30)], 40)).toMatchObject({ status: 'over', projectRoom: -4 });
  });

  it('caps the share at 1 when KTLO alone exceeds the capacity', () => {
    expect(check([item('A-1', 'KTLO', 50)], 40)).toMatchObject({ ktloShare: 1, status: 'over' });
  });

  it('a sub-task never adds points on top of its parent in the same sprint', () => {
    const items = [item('A-1', 'PROJECT', 5), item('A-2', 'PROJECT', 3, { isSubtask: true, parentKey: 'A-1' }), item('A-3', 'KTLO', null, { isSubtask: true, parentKey: 'A-1' })];
    expect(check(items)).toMatchObject({ projectPoints: 5, totalPoints: 5, unestimated: [] });
    // ...but one whose parent is in another sprint carries its own points.
    expect(check([item('A-2', 'KTLO', 3, { isSubtask: true, parentKey: 'A-9' })])).toMatchObject({ ktloPoints: 3 });
  });

  it('splits KTLO into planned and unplanned when issues say when they joined', () => {
    expect(check([item('A-1', 'KTLO', 3)]).ktloSplit).toBeNull();
    const result = check([item('A-1', 'KTLO', 3, { addedAfterStart: false }), item('A-2', 'KTLO', 2, { addedAfterStart: true }), item('A-3', 'PROJECT', 5, { addedAfterStart: true })]);
    expect(result.ktloSplit).toEqual({ planned: 3, unplanned: 2, unplannedKeys: ['A-2'] });
  });

  it('lists low-confidence issues', () => {
    expect(check([item('A-1', 'KTLO', 1, { confidence: 0.55 }), item('A-2', 'PROJECT', 1, { confidence: 0.6 })]).lowConfidence).toEqual(['A-1']);
  });

  it('rounds float sums', () => {
    expect(check([item('A-1', 'KTLO', 0.1), item('A-2', 'KTLO', 0.2)]).ktloPoints).toBe(0.3);
  });
});

describe('velocity', () => {
  it('is the mean completed points of the last N closed sprints', () => {
    expect(velocity([10, 20, 30, 40], 3)).toBe(30);
    expect(velocity([10], 3)).toBe(10);
    expect(velocity([], 3)).toBeNull();
  });
});

describe('properties', () => {
  const arbItem = fc.record({
    key: fc.string({ minLength: 1, maxLength: 4 }),
    category: fc.constantFrom('KTLO' as const, 'PROJECT' as const),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    estimate: fc.option(fc.integer({ min: 0, max: 40 }).map((n) => n / 2)),
    isSubtask: fc.boolean(),
    parentKey: fc.option(fc.string({ minLength: 1, maxLength: 4 })),
    addedAfterStart: fc.option(fc.boolean(), { nil: undefined }),
  });
  const arbBand = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
  const arbCapacity = fc.option(fc.integer({ min: 1, max: 200 }));

  it('share is in [0, 1] or null, points add up, status agrees with the band', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 30 }), arbBand, arbCapacity, (items, b, cap) => {
        const r = checkCapacity({ items, band: b, teamCapacity: cap, lowConfidenceThreshold: 0.6 });
        expect(r.ktloPoints + r.projectPoints).toBeCloseTo(r.totalPoints, 6);
        if (r.ktloShare === null) expect(r.status).toBe('empty');
        else {
          expect(r.ktloShare).toBeGreaterThanOrEqual(0);
          expect(r.ktloShare).toBeLessThanOrEqual(1);
          expect(r.status).not.toBe('empty');
          if (r.status === 'within') expect(r.ktloShare >= b.min - 1e-9 && r.ktloShare <= b.max + 1e-9).toBe(true);
        }
        if (r.ktloSplit) expect(r.ktloSplit.planned + r.ktloSplit.unplanned).toBeCloseTo(r.ktloPoints, 6);
      }),
    );
  });

  it('adding a KTLO issue never lowers the KTLO share', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 30 }), fc.integer({ min: 0, max: 20 }), arbCapacity, (items, points, cap) => {
        const before = checkCapacity({ items, band, teamCapacity: cap, lowConfidenceThreshold: 0.6 });
        const after = checkCapacity({ items: [...items, item('NEW-KTLO-1', 'KTLO', points)], band, teamCapacity: cap, lowConfidenceThreshold: 0.6 });
        if (before.ktloShare !== null && after.ktloShare !== null) expect(after.ktloShare).toBeGreaterThanOrEqual(before.ktloShare - 1e-12);
        expect(after.ktloPoints).toBeGreaterThanOrEqual(before.ktloPoints);
      }),
    );
  });

  it('a share exactly on either bound is within', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }), (total, pct) => {
        const ktlo = (total * pct) / 100;
        const r = checkCapacity({ items: [item('K', 'KTLO', ktlo), item('P', 'PROJECT', total - ktlo)], band: { min: pct / 100, max: pct / 100 }, teamCapacity: null, lowConfidenceThreshold: 0.6 });
        expect(r.status).toBe(ktlo === 0 && total === 0 ? 'empty' : 'within');
      }),
    );
  });
});

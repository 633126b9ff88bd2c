import fc from 'fast-check';
import { bandStatus, checkCapacity, type Band, type CapacityItem, type CapacityResult } from '../../src/domain/capacity';
import type { Category } from '../../src/domain/category';
import { recurringWork, sprintTrend, summarySignature, type RecurringIssue, type TrendSprint } from '../../src/domain/trends';

const BAND: Band = { min: 0.2, max: 0.3 };

function item(key: string, category: Category, estimate: number | null, addedAfterStart?: boolean): CapacityItem {
  return { key, category, confidence: 1, estimate, isSubtask: false, parentKey: null, ...(addedAfterStart === undefined ? {} : { addedAfterStart }) };
}

function capacity(items: CapacityItem[], band: Band = BAND): CapacityResult {
  return checkCapacity({ items, band, teamCapacity: null, lowConfidenceThreshold: 0.5 });
}

function sprint(id: number, items: CapacityItem[], band: Band = BAND): TrendSprint {
  return { id, name: `Sprint ${id}`, startDate: `2026-0${id}-01`, endDate: null, capacity: capacity(items, band) };
}

describe('sprintTrend', () => {
  it('lists each sprint in the order given with its share, status, points and planned/unplanned KTLO', () => {
    const sprints = [
      sprint(3, [item('K-1', 'KTLO', 2, false), item('K-2', 'KTLO', 1, true), item('P-1', 'PROJECT', 7)]), // 30%
      sprint(1, [item('K-3', 'KTLO', 1), item('P-2', 'PROJECT', 9)]), // 10%, no timing known
      sprint(2, [item('K-4', 'KTLO', 5), item('P-3', 'PROJECT', 5)]), // 50%
    ];
    const { points, summary } = sprintTrend(sprints, BAND);
    expect(points).toEqual([
      { sprintId: 3, name: 'Sprint 3', startDate: '2026-03-01', endDate: null, ktloShare: 0.3, status: 'within', ktloPoints: 3, projectPoints: 7, ktloPlanned: 2, ktloUnplanned: 1, shareRange: null, restsOnUnsure: false },
      { sprintId: 1, name: 'Sprint 1', startDate: '2026-01-01', endDate: null, ktloShare: 0.1, status: 'under', ktloPoints: 1, projectPoints: 9, ktloPlanned: null, ktloUnplanned: null, shareRange: null, restsOnUnsure: false },
      { sprintId: 2, name: 'Sprint 2', startDate: '2026-02-01', endDate: null, ktloShare: 0.5, status: 'over', ktloPoints: 5, projectPoints: 5, ktloPlanned: null, ktloUnplanned: null, shareRange: null, restsOnUnsure: false },
    ]);
    expect(summary).toEqual({ sprints: 3, meanShare: 0.3, sprintsOver: 1, sprintsUnder: 1, sprintsWithin: 1, sprintsEmpty: 0 });
  });

  it('judges every sprint against the band given, not the band its result was computed with', () => {
    const old = sprint(1, [item('K-1', 'KTLO', 4), item('P-1', 'PROJECT', 6)], { min: 0.2, max: 0.3 }); // 40%: over then
    expect(old.capacity.status).toBe('over');
    const { points, summary } = sprintTrend([old], { min: 0.2, max: 0.5 });
    expect(points[0]?.status).toBe('within');
    expect(summary.sprintsWithin).toBe(1);
  });

  it('leaves empty sprints out of the mean share and counts them apart', () => {
    const { points, summary } = sprintTrend([sprint(1, []), sprint(2, [item('K-1', 'KTLO', 1), item('P-1', 'PROJECT', 3)])], BAND);
    expect(points.map((p) => [p.ktloShare, p.status])).toEqual([[null, 'empty'], [0.25, 'within']]);
    expect(summary).toEqual({ sprints: 2, meanShare: 0.25, sprintsOver: 0, sprintsUnder: 0, sprintsWithin: 1, sprintsEmpty: 1 });
  });

  it('gives an empty trend and a null mean for no sprints', () => {
    expect(sprintTrend([], BAND)).toEqual({
      points: [],
      summary: { sprints: 0, meanShare: null, sprintsOver: 0, sprintsUnder: 0, sprintsWithin: 0, sprintsEmpty: 0 },
    });
  });

  it('property: order kept, counts add up, mean share in [0, 1] between the smallest and largest share', () => {
    const estimate = fc.option(fc.integer({ min: 0, max: 13 }), { nil: null });
    const items = fc.array(
      fc.record({ category: fc.constantFrom<Category>('KTLO', 'PROJECT'), estimate, late: fc.option(fc.boolean(), { nil: undefined }) }),
      { maxLength: 12 },
    );
    const band = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([a, b]): Band => ({ min: Math.min(a, b), max: Math.max(a, b) }));
    fc.assert(
      fc.property(fc.array(items, { maxLength: 10 }), band, (sprintItems, trendBand) => {
        const sprints = sprintItems.map((xs, s) =>
          sprint(s + 1, xs.map((x, i) => item(`S${s}-${i}`, x.category, x.estimate, x.late))),
        );
        const { points, summary } = sprintTrend(sprints, trendBand);
        expect(points.map((p) => p.sprintId)).toEqual(sprints.map((s) => s.id));
        expect(points.map((p) => p.status)).toEqual(sprints.map((s) => bandStatus(s.capacity.ktloShare, trendBand)));
        expect(summary.sprints).toBe(sprints.length);
        expect(summary.sprintsOver + summary.sprintsUnder + summary.sprintsWithin + summary.sprintsEmpty).toBe(sprints.length);
        const shares = points.flatMap((p) => (p.ktloShare === null ? [] : [p.ktloShare]));
        if (shares.length === 0) expect(summary.meanShare).toBeNull();
        else {
          const m = summary.meanShare ?? Number.NaN;
          expect(m).toBeGreaterThanOrEqual(Math.max(0, Math.min(...shares) - 1e-6));
          expect(m).toBeLessThanOrEqual(Math.min(1, Math.max(...shares) + 1e-6));
        }
      }),
    );
  });
});

describe('summarySignature', () => {
  it.each([
    ['Monthly security patching - October', 'monthly security patching'],
    ['Weekly restore test - billing database (week 46)', 'weekly restore test billing database'],
    ['On-call handover wk 12', 'on call handover'],
    ['Sprint 24 retro actions', 'retro actions'],
    ['Monthly security patching - November 2026', 'monthly security patching'],
    ['Monthly Security Patching (Dec)', 'monthly security patching'],
    ['Monthly security patching: 2026-10-01', 'monthly security patching'],
    ['Monthly security patching 14/11', 'monthly security patching'],
    ['Monthly security patching | 14 Nov', 'monthly security patching'],
    ['Monthly security patching – Sept. 14th', 'monthly security patching'],
    ['Monthly security patching [Oct (2026)]', 'monthly security patching'],
    ['Q3 access review', 'access review'],
    ['Access review Q4-2025', 'access review'],
    ['Access review FY26', 'access review'],
    ['On Monday: restart the ingestion job', 'restart the ingestion job'],
    ['Update the on-call rota for December', 'update the on call rota'],
    ['Dependabot: bump axios from 1.6.2 to 1.6.8', 'dependabot bump axios'],
    ['Upgrade Redis v7.2.3', 'upgrade redis'],
    ['OPS-123 follow-up: renew the TLS certificate', 'follow up renew the tls certificate'],
    ['Memory alert on cache-01 fires every night at 02:00', 'memory alert on cache fires every night'],
    ['Raise 5xx threshold on the EC2 status check', 'raise 5xx threshold on the ec2 status check'],
    ['Q3 2026', ''],
  ])('%j -> %j', (summary, signature) => {
    expect(summarySignature(summary)).toBe(signature);
  });

  it('keeps different chores apart', () => {
    expect(summarySignature('Rotate AWS access keys')).not.toBe(summarySignature('Renew wildcard certificate'));
  });
});

describe('recurringWork', () => {
  const ktlo = (key: string, summary: string, estimate: number | null = 1, extra: Partial<RecurringIssue> = {}): RecurringIssue => ({
    key,
    summary,
    category: 'KTLO',
    estimate,
    ...extra,
  });

  it('groups the same chore across months under a readable title', () => {
    const result = recurringWork([
      ktlo('OPS-1', 'Monthly security patching - October', 3, { sprintId: 10, created: '2026-10-01T09:00:00Z' }),
      ktlo('OPS-7', 'Monthly security patching - November 2026', 2, { sprintId: 11, created: '2026-11-02T09:00:00Z' }),
      ktlo('OPS-9', 'Monthly Security Patching (Dec)', null, { sprintId: 12, created: '2026-12-01T09:00:00Z' }),
      ktlo('OPS-2', 'Rotate AWS access keys'),
      ktlo('OPS-3', 'Renew wildcard certificate'),
    ]);
    expect(result).toEqual([
      {
        signature: 'monthly security patching',
        title: 'Monthly security patching',
        occurrences: 3,
        keys: ['OPS-1', 'OPS-7', 'OPS-9'],
        totalPoints: 5,
        sprintCount: 3,
      },
    ]);
  });

  it('does not group different chores, and needs three occurrences unless told otherwise', () => {
    const issues = [
      ktlo('OPS-1', 'Rotate AWS access keys - Q1'),
      ktlo('OPS-2', 'Rotate AWS access keys - Q2'),
      ktlo('OPS-3', 'Renew wildcard certificate 2025'),
      ktlo('OPS-4', 'Renew wildcard certificate 2026'),
    ];
    expect(recurringWork(issues)).toEqual([]);
    const two = recurringWork(issues, { minOccurrences: 2 });
    expect(two.map((c) => [c.signature, c.keys])).toEqual([
      ['renew wildcard certificate', ['OPS-3', 'OPS-4']],
      ['rotate aws access keys', ['OPS-1', 'OPS-2']],
    ]);
  });

  it('sorts by occurrences, then total points, then signature', () => {
    const issues = [
      ...['Jan', 'Feb'].map((m, i) => ktlo(`A-${i}`, `Alpha chore ${m}`, 1)),
      ...['Jan', 'Feb'].map((m, i) => ktlo(`B-${i}`, `Beta chore ${m}`, 5)),
      ...['Jan', 'Feb'].map((m, i) => ktlo(`C-${i}`, `Gamma chore ${m}`, 1)),
      ...['Jan', 'Feb', 'Mar'].map((m, i) => ktlo(`D-${i}`, `Delta chore ${m}`, null)),
    ];
    expect(recurringWork(issues, { minOccurrences: 2 }).map((c) => c.signature)).toEqual([
      'delta chore',
      'beta chore',
      'alpha chore',
      'gamma chore',
    ]);
  });

  it('lists keys oldest first, undated last, and picks the most common wording as the title', () => {
    const [group] = recurringWork([
      ktlo('OPS-10', 'Weekly Restore Test - Monday', 1, { created: '2026-03-09' }),
      ktlo('OPS-2', 'Weekly restore test - Tuesday'),
      ktlo('OPS-11', 'Weekly restore test - Wednesday', 1, { created: '2026-03-02T10:00:00+0000' }),
      ktlo('OPS-12', 'Weekly restore test - Thursday', 1, { created: 'not a date' }),
    ]);
    expect(group?.keys).toEqual(['OPS-11', 'OPS-10', 'OPS-2', 'OPS-12']);
    expect(group?.title).toBe('Weekly restore test');
  });

  it('counts only KTLO issues, each key once, and ignores empty or one short word signatures', () => {
    const result = recurringWork([
      ktlo('K-1', 'Disk cleanup on build agents - Oct'),
      ktlo('K-1', 'Disk cleanup on build agents - Oct'),
      ktlo('K-2', 'Disk cleanup on build agents - Nov'),
      { key: 'P-1', summary: 'Disk cleanup on build agents - Dec', category: 'PROJECT', estimate: 8 },
      ktlo('K-3', 'Fix'),
      ktlo('K-4', 'fix!'),
      ktlo('K-5', 'Fix 2'),
      ktlo('K-6', 'October 2026'),
      ktlo('K-7', '2026-10-01'),
      ktlo('K-8', 'Q1'),
    ]);
    expect(result).toEqual([]);
    expect(recurringWork([], { minOccurrences: 1 })).toEqual([]);
  });

  describe('properties', () => {
    const word = fc.stringMatching(/^[a-z]{2,8}$/).map((w) => (w.length % 2 === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1)));
    const base = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' '));
    const SUFFIXES = [
      '',
      ' - October',
      ' - November 2026',
      ' (Dec)',
      ' Dec 2025',
      ': Q3 2026',
      ' – 2026-10-01',
      ' 14/11',
      ' (14 Nov)',
      ' | Monday',
      ' FY26',
      ' for September',
      ' 2024',
    ];
    const suffix = fc.constantFrom(...SUFFIXES);
    const issue = fc.record({
      summary: fc.oneof(fc.tuple(base, suffix).map(([b, s]) => b + s), fc.string({ maxLength: 40 })),
      category: fc.constantFrom<Category>('KTLO', 'PROJECT'),
      estimate: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
      sprintId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      key: fc.integer({ min: 1, max: 40 }).map((n) => `R-${n}`), // repeats on purpose
    });

    it('every key at most once, only KTLO keys, occurrences === keys.length >= minOccurrences, points add up, sorted', () => {
      fc.assert(
        fc.property(fc.array(issue, { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (issues, minOccurrences) => {
          const result = recurringWork(issues, { minOccurrences });
          const keys = result.flatMap((c) => c.keys);
          expect(new Set(keys).size).toBe(keys.length);
          const firstKtlo = new Map<string, RecurringIssue>();
          for (const i of issues) if (i.category === 'KTLO' && !firstKtlo.has(i.key)) firstKtlo.set(i.key, i);
          for (const c of result) {
            expect(c.occurrences).toBe(c.keys.length);
            expect(c.occurrences).toBeGreaterThanOrEqual(minOccurrences);
            const members = c.keys.map((k) => firstKtlo.get(k));
            expect(members.every((m) => m !== undefined && summarySignature(m.summary) === c.signature)).toBe(true);
            expect(c.totalPoints).toBe(members.reduce((sum, m) => sum + (m?.estimate ?? 0), 0));
            expect(summarySignature(c.title)).toBe(c.signature);
          }
          for (let i = 1; i < result.length; i++) {
            const [a, b] = [result[i - 1], result[i]];
            if (a === undefined || b === undefined) continue;
            const inOrder =
              a.occurrences > b.occurrences ||
              (a.occurrences === b.occurrences && (a.totalPoints > b.totalPoints || (a.totalPoints === b.totalPoints && a.signature < b.signature)));
            expect(inOrder).toBe(true);
          }
        }),
      );
    });

    it('grouping is invariant to the month/year suffix', () => {
      fc.assert(
        fc.property(base, fc.uniqueArray(suffix, { minLength: 3, maxLength: SUFFIXES.length }), (b, suffixes) => {
          const signatures = new Set(suffixes.map((s) => summarySignature(b + s)));
          expect(signatures.size).toBe(1);
          const issues = suffixes.map((s, i) => ({ key: `M-${i}`, summary: b + s, category: 'KTLO' as const, estimate: 1 }));
          const result = recurringWork(issues);
          const [signature] = signatures;
          const telling = signature !== undefined && (signature.includes(' ') || signature.length > 3);
          if (telling) expect(result.map((c) => c.keys)).toEqual([issues.map((i) => i.key)]);
          else expect(result).toEqual([]);
        }),
      );
    });
  });
});

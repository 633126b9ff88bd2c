import { kvs } from '@forge/kvs';
import type { AppHost, Caller } from '../../dev/app-host';
import { addBoard, addIssue, addProject, addSprint, ADMIN_ACCOUNT_ID, ALL_PROJECT_PERMISSIONS, DEV_ACCOUNT_ID, emptySite, type Site } from '../../dev/jira/site';
import type { CapacityLoad } from '../../src/contracts/resolvers';
import { percentile } from '../../src/domain/stats';
import { boardSnapshots } from '../../src/storage/snapshot-store';
import { appWorld, saveGlobal, storedAppData } from '../support/app-world';
import { browserKanbanReserve, browserTrend, loadCapacity } from '../support/views';

/**
 * The reserve suggested from a board's closed sprints and its "Apply to this board", through the capacity resolver in
 * the local Forge runtime against the demo site (board 1 of OPS: six closed sprints, measured by the backfill).
 */

const { start } = appWorld();

const onBoard1 = (accountId: string): Caller => ({ accountId, extension: { type: 'jira:sprintAction', board: { id: 1 }, sprint: { id: 43 } } });

/** What the surface shows of the reserve and the board's own settings: its one load. */
async function reserve(h: AppHost, caller: Caller): Promise<{ boardId: number; canEdit: boolean; suggestion: CapacityLoad['reserve']; revision: number; own: CapacityLoad['own'] }> {
  const answer = await loadCapacity(h, caller);
  if (!answer.ok) throw new Error(`capacity/load failed: ${answer.error.code} ${answer.error.message}`);
  const { board, reserve: suggestion, own } = answer.data;
  return { boardId: board.id, canEdit: board.canEdit, suggestion, revision: own.revision, own };
}

describe('reserve suggested from history', () => {
  it('before the history is measured there is no suggestion, and it says how many sprints it has and needs', async () => {
    const h = await start();
    const view = await reserve(h, onBoard1(ADMIN_ACCOUNT_ID));
    expect(view).toMatchObject({ boardId: 1, suggestion: { kind: 'too-little-history', period: 'sprint', periods: 0, needed: 4 }, canEdit: true });
    const applied = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision, band: { min: 0.2, max: 0.3 } }, onBoard1(ADMIN_ACCOUNT_ID));
    expect(applied).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('0 closed sprints') } });
  });

  it('suggests p50 down to p85 up in 5% steps of the shares the trend shows; Dan may not apply it, Ana may, a stale revision conflicts', async () => {
    const h = await start();
    await saveGlobal(h, { enabledProjects: ['OPS', 'WEB'] });
    const ana = onBoard1(ADMIN_ACCOUNT_ID);
    const dan = onBoard1(DEV_ACCOUNT_ID);

    // The trend measures the same closed sprints live, as Ana's browser reads them: the suggestion must agree with it.
    const trend = await browserTrend(h, ana, { sprints: 12 });
    if (!trend.ok) throw new Error(trend.error.message);
    const shares = trend.data.points.flatMap((p) => (p.ktloShare === null ? [] : [p.ktloShare]));
    expect(shares.length).toBeGreaterThanOrEqual(4);
    const p50 = percentile(shares, 50) ?? NaN;
    const p85 = percentile(shares, 85) ?? NaN;

    const view = await reserve(h, dan);
    expect(view.canEdit).toBe(false);
    if (view.suggestion?.kind !== 'suggested') throw new Error('expected a suggestion');
    const { suggestion } = view;
    expect(suggestion).toMatchObject({ period: 'sprint', periods: trend.data.points.length });
    expect(suggestion.ktloShare.p50).toBeCloseTo(p50, 9);
    expect(suggestion.ktloShare.p85).toBeCloseTo(p85, 9);
    expect(suggestion.band.min).toBeCloseTo(Math.floor(p50 * 20 + 1e-9) / 20, 9);
    expect(suggestion.band.max).toBeCloseTo(Math.max(Math.floor(p50 * 20 + 1e-9) + 1, Math.ceil(p85 * 20 - 1e-9)) / 20, 9);
    // Unplanned KTLO from the split the snapshots stored, the same the trend measures live from each sprint's history.
    const unplanned = trend.data.points.flatMap((p) => (p.ktloShare === null || p.ktloUnplanned === null ? [] : [p.ktloUnplanned / (p.ktloPoints + p.projectPoints)]));
    expect(unplanned).toHaveLength(shares.length);
    expect(unplanned.some((u) => u > 0)).toBe(true);
    expect(suggestion.unplannedShare).toEqual({ p50: expect.closeTo(percentile(unplanned, 50) ?? NaN, 9), p85: expect.closeTo(percentile(unplanned, 85) ?? NaN, 9), periods: unplanned.length });

    // Dan: refused for who he is, and nothing written.
    const before = await storedAppData(h);
    const refused = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision, band: suggestion.band }, dan);
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await storedAppData(h)).toEqual(before);

    // Ana: the board's other fields as stored, the band now the board's own.
    const pinned = await h.resolve('capacity-resolver', 'capacity/saveBoardSettings', { level: 'board', expectedRevision: view.revision, settings: { teamCapacity: 40 } }, ana);
    expect(pinned).toEqual({ ok: true, data: { revision: view.revision + 1 } });
    const stale = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision, band: suggestion.band }, ana);
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const moved = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision + 1, band: { min: 0.05, max: 0.95 } }, ana);
    expect(moved).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('changed since it was shown') } });
    const applied = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision + 1, band: suggestion.band }, ana);
    expect(applied).toEqual({ ok: true, data: { revision: view.revision + 2, band: suggestion.band } });

    expect(await reserve(h, ana)).toMatchObject({ revision: view.revision + 2, own: { revision: view.revision + 2, settings: { teamCapacity: 40, band: suggestion.band } } });
    // The trend now judges against the applied band.
    const after = await browserTrend(h, ana);
    expect(after).toMatchObject({ ok: true, data: { band: suggestion.band } });
  });

  it('a band that is not a band is named, and nothing is written', async () => {
    const h = await start();
    const answer = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: 0, band: { min: 0.4, max: 0.2 } }, onBoard1(ADMIN_ACCOUNT_ID));
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [expect.objectContaining({ path: ['band', 'min'] })] } });
  });
});

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Project LONG: fourteen closed two-week sprints, each with a 3-point KTLO task planned a day before its start, 7
 * points of project work, and in sprint n a 1-point KTLO task added n days after the start when n is even. So every
 * KTLO share is 3/10, or 4/11 with the late task, and the unplanned share is 0 or 1/11.
 */
function longSite(): { site: Site; boardId: number; sprints: number[] } {
  const site = emptySite();
  addProject(site, { key: 'LONG', name: 'Long history', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS } });
  const board = addBoard(site, { name: 'LONG board', type: 'scrum', projectKey: 'LONG' });
  const first = Date.parse('2026-06-03T09:00:00.000Z');
  const sprints: number[] = [];
  for (let n = 1; n <= 14; n++) {
    const start = first + (n - 1) * 14 * DAY;
    const id = addSprint(site, { boardId: board.id, name: `LONG Sprint ${n}`, state: 'closed', startDate: iso(start), endDate: iso(start + 14 * DAY), completeDate: iso(start + 14 * DAY - 3_600_000) }).id;
    sprints.push(id);
    const task = (summary: string, label: string, storyPoints: number, joined: number) =>
      addIssue(site, { project: 'LONG', type: 'Task', summary, labels: [label], storyPoints, created: iso(first - 10 * DAY), sprints: [{ at: iso(joined), sprintId: id }], transitions: [{ at: iso(joined + DAY), to: 'Done' }] });
    task(`Planned chore ${n}`, 'ktlo', 3, start - DAY);
    task(`Feature ${n}`, 'project-work', 7, start - DAY);
    if (n % 2 === 0) task(`Interrupt ${n}`, 'ktlo', 1, start + n * 0.5 * DAY);
  }
  return { site, boardId: board.id, sprints };
}

describe('reserve over twelve sprints', () => {
  it('the backfill keeps the last 12 of 14 closed sprints with their split; the reserve sees 12, and says how many had the split when older snapshots lack it', async () => {
    const world = longSite();
    const h = await start(world.site);
    await saveGlobal(h, { enabledProjects: ['LONG'] });
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    const snaps = await h.forge.invoke(() => boardSnapshots(world.boardId), {}, { kind: 'trigger', principal: null, functionKey: 'test-read' });
    expect(snaps.map((s) => s.sprintId)).toEqual(world.sprints.slice(-12));
    for (const s of snaps) {
      const late = Number(s.name.split(' ').pop()) % 2 === 0;
      expect(s).toMatchObject({ ktloPoints: late ? 4 : 3, projectPoints: 7, ktloPlanned: 3, ktloUnplanned: late ? 1 : 0 });
    }
    const caller: Caller = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:backlogAction', board: { id: world.boardId } } };
    const view = await reserve(h, caller);
    // Sprints 3..14: six at 3/10, six at 4/11; unplanned six at 0, six at 1/11.
    expect(view.suggestion).toEqual({
      kind: 'suggested',
      period: 'sprint',
      periods: 12,
      skipped: 0,
      band: { min: 0.3, max: 0.4 },
      ktloShare: { p50: 0.3, p85: 4 / 11, periods: 12 },
      unplannedShare: { p50: 0, p85: 1 / 11, periods: 12 },
    });

    // Two snapshots as they were stored before the split was (no such fields): they still load, and count apart.
    await h.forge.invoke(
      async () => {
        for (const s of snaps.slice(0, 2)) {
          const { ktloPlanned: _planned, ktloUnplanned: _unplanned, ...old } = s;
          await kvs.set(`snapshot:${world.boardId}:${String(s.sprintId).padStart(10, '0')}`, old);
        }
      },
      {},
      { kind: 'trigger', principal: null, functionKey: 'test-seed' },
    );
    const older = await reserve(h, caller);
    expect(older.suggestion).toMatchObject({ periods: 12, ktloShare: { periods: 12 }, unplannedShare: { periods: 10 } });
  });
});

describe('reserve for a Kanban board', () => {
  const onBoard2 = (accountId: string): Caller => ({ accountId, extension: { type: 'jira:backlogAction', board: { id: 2 } } });

  it('is measured in the browser from the last 12 full weeks of finished work; applying it checks the same weeks as the person and saves the band only', async () => {
    const h = await start();
    const now = new Date();
    // The route has no stored history to answer with: the browser measures the suggestion.
    const view = await reserve(h, onBoard2(ADMIN_ACCOUNT_ID));
    expect(view).toMatchObject({ boardId: 2, suggestion: null, canEdit: true });
    const answer = await browserKanbanReserve(h, onBoard2(ADMIN_ACCOUNT_ID), {}, now);
    if (!answer.ok) throw new Error(answer.error.message);
    const suggestion = answer.data;
    if (suggestion.kind !== 'suggested') throw new Error(`expected a suggestion, got ${JSON.stringify(suggestion)}`);
    expect(suggestion).toMatchObject({ period: 'week', periods: 12, unplannedShare: null });

    // p50 down to p85 up in 5% steps, over the weeks that finished something (the method: test/domain/reserve.test.ts).
    const shares = suggestion.ktloShare;
    expect(shares.periods).toBe(12 - suggestion.skipped);
    expect(shares.p50).toBeLessThanOrEqual(shares.p85);
    expect(suggestion.band.min).toBeCloseTo(Math.floor(shares.p50 * 20 + 1e-9) / 20, 9);
    expect(suggestion.band.max).toBeCloseTo(Math.max(Math.floor(shares.p50 * 20 + 1e-9) + 1, Math.ceil(shares.p85 * 20 - 1e-9)) / 20, 9);

    // A band other than the one the weeks suggest is refused; the one shown is saved at the board's level, as Ana.
    const moved = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision, band: { min: 0.05, max: 0.95 } }, onBoard2(ADMIN_ACCOUNT_ID));
    expect(moved).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('changed since it was shown') } });
    h.jira.requests.clear();
    const applied = await h.resolve('capacity-resolver', 'capacity/applyReserve', { expectedRevision: view.revision, band: suggestion.band }, onBoard2(ADMIN_ACCOUNT_ID));
    expect(applied).toEqual({ ok: true, data: { revision: view.revision + 1, band: suggestion.band } });
    // The check read the board's finished work as Ana (the save pays for it; views do not).
    expect(h.jira.requests.matching({ path: '/rest/software/1.0/board/2/issue', accountId: ADMIN_ACCOUNT_ID }).length).toBeGreaterThan(0);
    // The band only: the board's other fields still inherit.
    expect(await reserve(h, onBoard2(ADMIN_ACCOUNT_ID))).toMatchObject({ suggestion: null, revision: view.revision + 1, own: { settings: { band: suggestion.band } } });
    expect((await reserve(h, onBoard2(ADMIN_ACCOUNT_ID))).own.settings).toEqual({ band: suggestion.band });
  });
});

import type { AppHost, Caller } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID } from '../../dev/jira/site';
import type { CapacityLoad } from '../../src/contracts/resolvers';
import { percentile } from '../../src/domain/stats';
import { appWorld, saveGlobal, storedAppData } from '../support/app-world';
import { browserTrend, loadCapacity } from '../support/views';

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
    expect(view).toMatchObject({ boardId: 1, suggestion: { kind: 'too-little-history', sprints: 0, needed: 4 }, canEdit: true });
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
    if (view.suggestion.kind !== 'suggested') throw new Error('expected a suggestion');
    const { suggestion } = view;
    expect(suggestion.sprints).toBe(trend.data.points.length);
    expect(suggestion.ktloShare.p50).toBeCloseTo(p50, 9);
    expect(suggestion.ktloShare.p85).toBeCloseTo(p85, 9);
    expect(suggestion.band.min).toBeCloseTo(Math.floor(p50 * 20 + 1e-9) / 20, 9);
    expect(suggestion.band.max).toBeCloseTo(Math.max(Math.floor(p50 * 20 + 1e-9) + 1, Math.ceil(p85 * 20 - 1e-9)) / 20, 9);
    // Snapshots do not store planned vs unplanned KTLO (src/services/snapshots.ts skips the changelog read): no spread of it.
    expect(suggestion.unplannedShare).toBeNull();

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

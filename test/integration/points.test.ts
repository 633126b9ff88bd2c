import { z } from 'zod';
import type { AppHost } from '../../dev/app-host';
import { WORK_CATEGORY_FIELD_ID } from '../../dev/jira/field-catalogue';
import {
  ADMIN_ACCOUNT_ID,
  ALL_PROJECT_PERMISSIONS,
  APP_ACCOUNT_ID,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  STORY_POINTS_FIELD_ID,
  addBoard,
  addIssue,
  addProject,
  addSprint,
  emptySite,
  requireIssue,
  type Site,
} from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { bulkStatusSchema, pointsUsageSchema, type BulkStatus } from '../../src/contracts/resolvers';
import { appJira } from '../../src/services/jira-context';
import { metered } from '../../src/services/metering';
import { ledgerSummary } from '../../src/storage/points-ledger';
import { boardSnapshots } from '../../src/storage/snapshot-store';
import { adminPage, appWorld, forgetDisplayAnswers, saveGlobal } from '../support/app-world';
import { browserIssue } from '../support/issue-panel';

/**
 * Jira's points quota end to end, through the local Forge runtime and the Jira-compatible server's meter: every
 * backend call lands in the ledger, the hourly wall parks bulk reclassification and snapshots until the reset and
 * they finish with nothing lost or written twice, a view at the wall says when it clears, and "near limit" makes
 * background work yield before the wall while views go on.
 */

const MINUTE = 60_000;
const { start } = appWorld();

/** Parked work is pushed again with Jira's delay (up to 900 s): a thousandth of a second per second here. */
const QUEUE = { queue: { delayScaleMs: 1 } };

/** The server's clock: a chosen UTC instant that runs on with real time and can jump forward. */
function serverClock(h: AppHost, startAt: string): { advanceTo(at: string): void } {
  const realStart = Date.now();
  let base = Date.parse(startAt);
  h.jira.points.now = () => base + (Date.now() - realStart);
  return {
    advanceTo(at) {
      base = Date.parse(at) - (Date.now() - realStart);
    },
  };
}

/** Longer than the queue's own retries of a failing event take here (2 + 4 + 8 + 16 ms): parked work must outlast them. */
const OUTLAST_RETRIES_MS = 500;

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function appOf(h: AppHost): string {
  return h.forge.identity.appId;
}

/** The first time `when` holds after a charged request, the app's other sites spend the pool down to `leave` points. */
function othersSpend(h: AppHost, when: (path: string) => boolean, leave: number): void {
  const app = appOf(h);
  h.jira.points.onCharge = ({ path }) => {
    if (!when(path)) return;
    h.jira.points.onCharge = null;
    h.jira.points.spendElsewhere(app, h.jira.points.remaining(app) - leave);
  };
}

/** The bulk site with BLK enabled, the server's clock at half past ten. */
async function bulkWorld() {
  const h = await start(bulkSite(), QUEUE);
  const clock = serverClock(h, '2026-12-01T10:30:00.000Z');
  await saveGlobal(h, { enabledProjects: ['BLK'] });
  return { h, site: h.jira.site, clock, app: appOf(h) };
}

function bulkSite(): Site {
  const site = emptySite();
  addProject(site, { key: 'BLK', name: 'Bulk', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  for (let i = 0; i < 250; i++) {
    addIssue(site, { project: 'BLK', type: 'Task', summary: `Item ${i}`, labels: [i % 2 === 0 ? 'ktlo' : 'project-work'], created: new Date(Date.parse('2026-11-01T09:00:00.000Z') + i * MINUTE).toISOString() });
  }
  return site;
}

async function bulk(h: AppHost, key: string, payload: unknown = {}): Promise<BulkStatus> {
  const answer = envelopeSchema(bulkStatusSchema).parse(await h.resolve('settings-resolver', key, payload, adminPage));
  if (!answer.ok) throw new Error(`${key}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

/** Each issue's field writes: every issue written exactly once means nothing was lost and nothing done twice. */
function writesPerIssue(site: Site): number[] {
  const counts = new Map<string, number>();
  for (const w of site.appFieldWrites) counts.set(w.issueId, (counts.get(w.issueId) ?? 0) + 1);
  return [...site.issues.values()].map((i) => counts.get(i.id) ?? 0);
}

const issueView = (key: string) => ({ accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:issueContext', issue: { id: '0', key } } });

describe('the points ledger', () => {
  it('counts every backend call by purpose, as Jira charges it, and shows admins this hour and today', async () => {
    const h = await start(bulkSite());
    const site = h.jira.site;
    const issue = requireIssue(site, 'BLK-1');
    await saveGlobal(h, { enabledProjects: ['BLK'] });
    expect(await browserIssue(h, { ...issueView(issue.key), extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key } } })).toMatchObject({ ok: true });
    // A full event carries what the rules read: classified without reading the issue, written once.
    const fields = { summary: issue.summary, description: null, issuetype: { name: 'Task', subtask: false }, labels: issue.labels, components: [], project: { key: 'BLK' }, status: { name: 'To Do' }, [STORY_POINTS_FIELD_ID]: null };
    const searchesBefore = h.jira.requests.count({ path: '/rest/api/3/search/jql' });
    await h.trigger('issue-events-fn', { eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key, fields } });
    expect(h.jira.requests.count({ path: '/rest/api/3/search/jql' })).toBe(searchesBefore);
    const job = await bulk(h, 'settings/startBulk');
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'done', processed: 250 });

    // Everything the app spent, as the server metered it, is in the ledger (the read below is the only call not yet in it).
    const spent = h.jira.points.usageOf(appOf(h)).used;
    const answer = envelopeSchema(pointsUsageSchema).parse(await h.resolve('settings-resolver', 'settings/points', {}, adminPage));
    if (!answer.ok) throw new Error(answer.error.message);
    const usage = answer.data;
    expect(usage.today.total.points).toBe(spent);
    expect(usage.hour.total.points).toBe(spent);
    expect(usage.today.byPurpose.bulk.points).toBeGreaterThan(250);
    expect(usage.today.byPurpose.trigger.requests).toBeGreaterThan(0);
    expect(usage.today.byPurpose.view.points).toBeGreaterThan(0);
    expect(usage.budget).toEqual({ backgroundPerDay: 3000, backgroundToday: usage.today.byPurpose.bulk.points + usage.today.byPurpose.backfill.points });
    expect(usage.quota).toMatchObject({ quota: 65_000, enforced: true, nearLimit: false });
    expect(usage.wallClearsAt).toBeNull();

    // Not an admin: refused before anything is read.
    const refused = envelopeSchema(pointsUsageSchema).parse(await h.resolve('settings-resolver', 'settings/points', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:adminPage' } }));
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('keeps the count of an invocation cut off by its deadline: a slow Jira, work that overruns, the ledger equals the meter', async () => {
    const h = await start(bulkSite());
    const before = h.jira.points.usageOf(appOf(h)).used;
    h.jira.faults.latencyMs = 300;
    // Three calls to a slow Jira, then work that is not Jira's (a slow classification, slow storage) runs past the
    // deadline: the platform cuts the invocation off before its end.
    const overrun = h.forge.invoke(
      () =>
        metered('trigger', async () => {
          for (let i = 0; i < 3; i++) await appJira().myPermissions(['ADMINISTER'], {});
          await new Promise((resolve) => setTimeout(resolve, 4_000));
        }),
      {},
      { kind: 'trigger', timeoutSeconds: 3 },
    );
    await expect(overrun).rejects.toThrow(/timed out/);
    const spent = h.jira.points.usageOf(appOf(h)).used - before;
    expect(spent).toBe(9);
    const ledger = await ledgerSummary(new Date());
    expect(ledger.today.byPurpose.trigger).toEqual({ points: spent, requests: 3 });
  });
});

describe('the hourly wall', () => {
  it('parks a bulk reclassification mid-way and finishes it after the reset, each issue written once; a view at the wall says when it clears', async () => {
    const { h, site, clock, app } = await bulkWorld();
    // Another site of the app spends the rest of the pool right after the first batch has written.
    othersSpend(h, (path) => path.startsWith('/rest/api/3/app/field/value') && site.appFieldWrites.length >= 100, 0);
    const job = await bulk(h, 'settings/startBulk');
    const drained = h.forge.drainQueues();
    await until('the wall', () => h.jira.points.usageOf(app).refused >= 2);
    await new Promise((resolve) => setTimeout(resolve, OUTLAST_RETRIES_MS));
    expect(site.appFieldWrites.length).toBe(100);

    const view = await browserIssue(h, issueView('BLK-7'));
    expect(view).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', data: { clearsAt: expect.any(String) } } });
    if (view.ok) throw new Error('unreachable');
    const clearsAt = Date.parse(view.error.data?.clearsAt ?? '');
    // The top of the server's hour (11:00) is 30 minutes away: the answer says so, in the app's own clock.
    expect(Math.abs(clearsAt - (Date.now() + 30 * MINUTE))).toBeLessThan(5_000);
    expect(view.error.message).toContain(view.error.data?.clearsAt ?? 'never');

    clock.advanceTo('2026-12-01T11:00:05.000Z');
    expect((await drained).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'done', total: 250, processed: 250, firstWrites: 250, changed: 0, failedBatches: 0 });
    expect(writesPerIssue(site).every((n) => n === 1)).toBe(true);
    // The ledger kept the wall; the settings page shows it cleared.
    const usage = envelopeSchema(pointsUsageSchema).parse(await h.resolve('settings-resolver', 'settings/points', {}, adminPage));
    expect(usage).toMatchObject({ ok: true, data: { wallClearsAt: expect.any(String) } });
  });

  it('lets an admin open the settings and the points usage at the wall from a kept grant; a save answers RATE_LIMITED and writes nothing; a non-admin is refused', async () => {
    const { h, app } = await bulkWorld();
    // Saving the settings checked the admin fresh; ten minutes on, that display answer has expired.
    await forgetDisplayAnswers(h);
    h.jira.points.spendElsewhere(app, h.jira.points.remaining(app));
    const answer = (payload: unknown) => envelopeSchema(z.unknown()).parse(payload);

    const settings = answer(await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, adminPage));
    expect(settings).toMatchObject({ ok: true, data: { canEdit: true, settings: { enabledProjects: ['BLK'] } } });
    const usage = envelopeSchema(pointsUsageSchema).parse(await h.resolve('settings-resolver', 'settings/points', {}, adminPage));
    if (!usage.ok) throw new Error(`${usage.error.code} ${usage.error.message}`);
    // The wall clears at the top of the server's hour, 30 minutes away, as the app's clock tells it.
    expect(Math.abs(Date.parse(usage.data.wallClearsAt ?? '') - (Date.now() + 30 * MINUTE))).toBeLessThan(5_000);

    const before = (await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, adminPage)) as { data: { revision: number } };
    const save = answer(await h.resolve('settings-resolver', 'settings/save', { level: 'global', expectedRevision: before.data.revision, settings: { enabledProjects: [] } }, adminPage));
    expect(save).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', data: { clearsAt: expect.any(String) } } });
    const after = answer(await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, adminPage));
    expect(after).toMatchObject({ ok: true, data: { revision: before.data.revision, settings: { enabledProjects: ['BLK'] } } });

    const developer = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };
    expect(answer(await h.resolve('settings-resolver', 'settings/points', {}, developer))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(answer(await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, developer))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.jira.points.usageOf(app).refused).toBeGreaterThan(0);
  });

  it('parks a snapshot backfill at the wall and completes every sprint after the reset', async () => {
    const site = emptySite();
    addProject(site, { key: 'SNAP', name: 'Snapshots', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
    const board = addBoard(site, { name: 'SNAP board', type: 'scrum', projectKey: 'SNAP' });
    const sprintIds: number[] = [];
    for (let s = 0; s < 5; s++) {
      const startMs = Date.parse('2026-09-01T09:00:00.000Z') + s * 14 * 24 * 60 * MINUTE;
      const sprint = addSprint(site, {
        boardId: board.id,
        name: `SNAP Sprint ${s + 1}`,
        state: 'closed',
        startDate: new Date(startMs).toISOString(),
        endDate: new Date(startMs + 14 * 24 * 60 * MINUTE).toISOString(),
        completeDate: new Date(startMs + 14 * 24 * 60 * MINUTE - 60 * MINUTE).toISOString(),
      });
      sprintIds.push(sprint.id);
      for (let i = 0; i < 6; i++) {
        addIssue(site, {
          project: 'SNAP',
          type: 'Task',
          summary: `Sprint ${s + 1} task ${i}`,
          labels: [i % 3 === 0 ? 'ktlo' : 'project-work'],
          storyPoints: i + 1,
          created: new Date(startMs - 24 * 60 * MINUTE).toISOString(),
          sprints: [{ at: new Date(startMs - 60 * MINUTE).toISOString(), sprintId: sprint.id }],
        });
      }
    }
    const h = await start(site, QUEUE);
    const clock = serverClock(h, '2026-12-01T10:30:00.000Z');
    const app = appOf(h);
    let issueLists = 0;
    // The pool runs dry after the second sprint's issues have been read: the rest of the backfill meets the wall.
    othersSpend(h, (path) => /\/sprint\/\d+\/issue$/.test(path) && ++issueLists === 2, 0);
    const current = (await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, adminPage)) as { data: { revision: number } };
    expect(await h.resolve('settings-resolver', 'settings/save', { level: 'global', expectedRevision: current.data.revision, settings: { enabledProjects: ['SNAP'] } }, adminPage)).toMatchObject({ ok: true });
    const drained = h.forge.drainQueues();
    await until('the wall', () => h.jira.points.usageOf(app).refused >= 2);
    await new Promise((resolve) => setTimeout(resolve, OUTLAST_RETRIES_MS));
    const before = await boardSnapshots(board.id);
    expect(before.length).toBeLessThan(5);

    clock.advanceTo('2026-12-01T11:00:05.000Z');
    expect((await drained).failed).toEqual([]);
    const after = await boardSnapshots(board.id);
    expect(after.map((s) => s.sprintId)).toEqual(sprintIds);
    for (const snap of after) {
      const ids = [...site.issues.values()].filter((i) => i.sprintIds.includes(snap.sprintId)).map((i) => i.id);
      expect([...snap.issueIds].sort()).toEqual(ids.sort());
      expect(snap).toMatchObject({ approximate: false, ktloPoints: 1 + 4, projectPoints: 2 + 3 + 5 + 6 });
    }
  });
});

describe('per-issue write limits', () => {
  it.each([
    ['enforced', true],
    ['Beta-', false],
  ])('a bulk reclassification meeting an issue just written 20 times waits as Jira says and writes every issue once (%s headers)', async (_form, enforced) => {
    const h = await start(bulkSite(), QUEUE);
    const site = h.jira.site;
    h.jira.points.enforced = enforced;
    await saveGlobal(h, { enabledProjects: ['BLK'] });
    // Another writer of the app (an earlier run, another installation's automation) has just written BLK-1 20 times.
    const busy = requireIssue(site, 'BLK-1');
    for (let i = 0; i < 20; i++) {
      const reply = await fetch(`${h.jira.url}/rest/api/3/app/field/${WORK_CATEGORY_FIELD_ID}/value?generateChangelog=false`, {
        method: 'PUT',
        headers: { authorization: h.jira.authorizationFor(APP_ACCOUNT_ID, appOf(h)), 'content-type': 'application/json' },
        body: JSON.stringify({ updates: [{ issueIds: [Number(busy.id)], value: 'KTLO' }] }),
      });
      expect(reply.status).toBe(204);
    }
    const earlier = site.appFieldWrites.length;
    const job = await bulk(h, 'settings/startBulk');
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'done', processed: 250, failedBatches: 0 });
    // The write that met the limit was refused whole (429, jira-per-issue-on-write), waited for and sent again.
    expect(h.jira.requests.matching({ path: '/rest/api/3/app/field/value' }).filter((r) => r.status === 429).length).toBeGreaterThan(0);
    const counts = new Map<string, number>();
    for (const w of site.appFieldWrites.slice(earlier)) counts.set(w.issueId, (counts.get(w.issueId) ?? 0) + 1);
    expect([...site.issues.values()].every((i) => counts.get(i.id) === 1)).toBe(true);
    const usage = envelopeSchema(pointsUsageSchema).parse(await h.resolve('settings-resolver', 'settings/points', {}, adminPage));
    expect(usage).toMatchObject({ ok: true, data: { quota: { quota: 65_000, enforced } } });
  });
});

describe('near the limit', () => {
  it('background work yields before the wall while views go on, and resumes after the reset', async () => {
    const { h, site, clock, app } = await bulkWorld();
    // Other sites leave a tenth of the pool once the plan has started listing the issues.
    othersSpend(h, (path) => path === '/rest/api/3/search/jql', 6_500);
    const job = await bulk(h, 'settings/startBulk');
    const drained = h.forge.drainQueues();
    // Yielded: the parked work asks Jira with the cheap probe and waits again.
    await until('a probe', () => h.jira.requests.count({ path: '/rest/api/3/mypermissions', accountId: 'app-ktlo-lens' }) >= 2);
    expect(h.jira.points.usageOf(app).refused).toBe(0);
    expect(site.appFieldWrites).toEqual([]);
    const remaining = h.jira.points.remaining(app);
    expect(remaining).toBeGreaterThan(6_000);
    // A person's view still gets its answer.
    const issue = requireIssue(site, 'BLK-3');
    expect(await browserIssue(h, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key } } })).toMatchObject({
      ok: true,
      data: { issueKey: 'BLK-3' },
    });

    clock.advanceTo('2026-12-01T11:00:05.000Z');
    expect((await drained).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'done', processed: 250, firstWrites: 250, changed: 0 });
    expect(writesPerIssue(site).every((n) => n === 1)).toBe(true);
    expect(h.jira.points.usageOf(app).refused).toBe(0);
    expect(requireIssue(site, 'BLK-2').customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('Project');
  });
});

import type { AppHost, Caller } from '../../dev/app-host';
import { WORK_CATEGORY_FIELD_ID } from '../../dev/jira/field-catalogue';
import {
  ADMIN_ACCOUNT_ID,
  ALL_PROJECT_PERMISSIONS,
  APP_ACCOUNT_ID,
  DEV_ACCOUNT_ID,
  MEMBER_PERMISSIONS,
  addBoard,
  addIssue,
  addProject,
  addSprint,
  emptySite,
  requireIssue,
  statusById,
  type Issue,
  type Site,
} from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { bulkStatusSchema, type BulkStatus } from '../../src/contracts/resolvers';
import { boardSnapshots, type Snapshot } from '../../src/storage/snapshot-store';

import { adminPage, appWorld, saveGlobal } from '../support/app-world';
import { browserSprint } from '../support/views';
/**
 * Background work through the local Forge runtime: the issue trigger's "Work category" write (only on change, only
 * in enabled projects), sprint events, install and the daily schedule keeping snapshots, and bulk reclassification
 * through the queue with progress, idempotence, a failing batch and its resumption.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();

const { start } = appWorld();

function fieldWrites(h: AppHost) {
  return h.jira.requests.matching({ method: 'POST', path: '/rest/api/3/app/field/value' });
}

/** The event Jira sends for a created or updated issue (the parts the app reads, and some it does not). */
function issueEvent(issue: Issue, type: 'created' | 'updated', changedField?: string) {
  return {
    eventType: `avi:jira:${type}:issue`,
    atlassianId: DEV_ACCOUNT_ID,
    issue: { id: issue.id, key: issue.key, fields: { summary: issue.summary, project: { id: '10000', key: issue.projectKey } } },
    // As Jira writes it: the changed field's new value in full.
    ...(changedField
      ? { changelog: { id: '1', items: [{ field: changedField, fieldtype: 'jira', from: null, fromString: null, to: null, toString: changedField === 'labels' ? issue.labels.join(' ') : changedField === 'summary' ? issue.summary : null }] } }
      : {}),
  };
}

// ---- the issue trigger -------------------------------------------------------------------------------------------

function triggerSite(): Site {
  const site = emptySite();
  for (const key of ['BG', 'OFF']) addProject(site, { key, name: `Project ${key}`, access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const created = '2026-11-20T10:00:00.000Z';
  addIssue(site, { project: 'BG', type: 'Task', summary: 'Rotate the service account keys', labels: ['ktlo'], created });
  addIssue(site, { project: 'BG', type: 'Story', summary: 'Build the partner analytics portal', description: 'New capability: partners see their sales.', created });
  addIssue(site, { project: 'BG', type: 'Sub-task', parent: 'BG-2', summary: 'Design the portal landing page', created });
  // Worded unlike BG-2: an override of BG-2 teaches the site its words, and this parent must be judged on its own.
  addIssue(site, { project: 'BG', type: 'Story', summary: 'Implement supplier stock forecasting', description: 'New capability: suppliers see their stock.', created });
  addIssue(site, { project: 'BG', type: 'Sub-task', parent: 'BG-4', summary: 'Design the portal landing page', created });
  addIssue(site, { project: 'OFF', type: 'Task', summary: 'Rotate the service account keys', labels: ['ktlo'], created });
  return site;
}

describe('the issue trigger', () => {
  it('writes the Work category as the app, without a changelog, only when the category changes', async () => {
    const h = await start(triggerSite());
    await saveGlobal(h, { enabledProjects: ['BG'] });
    const site = h.jira.site;
    const bg1 = requireIssue(site, 'BG-1');

    await h.trigger('issue-events-fn', issueEvent(bg1, 'created'));
    expect(site.appFieldWrites).toEqual([{ fieldId: WORK_CATEGORY_FIELD_ID, issueId: bg1.id, value: 'KTLO', generateChangelog: false, at: site.now }]);
    expect(bg1.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('KTLO');
    expect(fieldWrites(h)).toHaveLength(1);
    expect(fieldWrites(h)[0]).toMatchObject({ accountId: APP_ACCOUNT_ID, query: { generateChangelog: 'false' } });
    // The app's own write leaves no trace in the issue's history (no automation wakes up).
    expect(bg1.changelog).toEqual([]);

    // An edit that does not change the category: classified again, not written again.
    bg1.summary = 'Rotate the service account keys (quarterly)';
    await h.trigger('issue-events-fn', issueEvent(bg1, 'updated', 'summary'));
    await h.trigger('issue-events-fn', issueEvent(bg1, 'updated', 'summary'));
    expect(fieldWrites(h)).toHaveLength(1);
    // Only the creation read the issue: the edits were classified from their changelog over what the app had read.
    expect(h.jira.requests.count({ path: '/rest/api/3/search/jql', accountId: APP_ACCOUNT_ID })).toBe(1);

    // Relabelled as project work: one more write, with the new value.
    bg1.labels = ['project-work'];
    await h.trigger('issue-events-fn', issueEvent(bg1, 'updated', 'labels'));
    expect(fieldWrites(h)).toHaveLength(2);
    expect(site.appFieldWrites.map((w) => w.value)).toEqual(['KTLO', 'Project']);
    expect(bg1.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('Project');
  });

  it('leaves projects that are not opted in alone, without calling Jira', async () => {
    const h = await start(triggerSite());
    const site = h.jira.site;
    const off = requireIssue(site, 'OFF-1');
    const bg1 = requireIssue(site, 'BG-1');
    // Nothing is enabled yet.
    await h.trigger('issue-events-fn', issueEvent(bg1, 'created'));
    await saveGlobal(h, { enabledProjects: ['BG'] });
    const before = h.jira.requests.entries.length;
    await h.trigger('issue-events-fn', issueEvent(off, 'created'));
    await h.trigger('issue-events-fn', issueEvent(off, 'updated', 'labels'));
    expect(h.jira.requests.entries.length).toBe(before);
    expect(site.appFieldWrites).toEqual([]);
    expect(off.customFields.has(WORK_CATEGORY_FIELD_ID)).toBe(false);
    // Opted out again: BG's edits are ignored too.
    await saveGlobal(h, { enabledProjects: [] });
    await h.trigger('issue-events-fn', issueEvent(bg1, 'updated', 'labels'));
    expect(site.appFieldWrites).toEqual([]);
    // A malformed event is reported and dropped without a call.
    const count = h.jira.requests.entries.length;
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await h.trigger('issue-events-fn', { issue: { key: 'BG-1' } });
      expect(logged).toHaveBeenCalledWith(expect.stringContaining('ignored an issue event'), ['issue.id']);
    } finally {
      logged.mockRestore();
    }
    expect(h.jira.requests.entries.length).toBe(count);
  });

  it("sub-tasks follow their parent's stored category", async () => {
    const h = await start(triggerSite());
    await saveGlobal(h, { enabledProjects: ['BG'] });
    const site = h.jira.site;
    const [parent, child, otherParent, otherChild] = ['BG-2', 'BG-3', 'BG-4', 'BG-5'].map((k) => requireIssue(site, k)) as [Issue, Issue, Issue, Issue];

    // The rules see project work in both portals; the team overrides the first to KTLO, which stores it (and writes it).
    await h.trigger('issue-events-fn', issueEvent(parent, 'created'));
    expect(parent.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('Project');
    const issuePanel: Caller = { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:issueContext', issue: { id: parent.id, key: parent.key }, project: { key: 'BG' } } };
    expect(await h.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'KTLO' }, issuePanel)).toMatchObject({ ok: true, data: { category: 'KTLO' } });
    expect(parent.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('KTLO');

    const searches = h.jira.requests.count({ path: '/rest/api/3/search/jql' });
    await h.trigger('issue-events-fn', issueEvent(child, 'created'));
    // Worded exactly like the other sub-task, it follows its parent's stored KTLO; the parent was not read again.
    expect(child.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('KTLO');
    expect(h.jira.requests.count({ path: '/rest/api/3/search/jql' })).toBe(searches + 1);
    await h.trigger('issue-events-fn', issueEvent(otherChild, 'created'));
    expect(otherChild.customFields.get(WORK_CATEGORY_FIELD_ID)).toBe('Project');
    expect(otherParent.customFields.has(WORK_CATEGORY_FIELD_ID)).toBe(false);
    expect(site.appFieldWrites.map((w) => [requireIssue(site, w.issueId).key, w.value])).toEqual([
      ['BG-2', 'Project'],
      ['BG-2', 'KTLO'],
      ['BG-3', 'KTLO'],
      ['BG-5', 'Project'],
    ]);
  });
});

// ---- snapshots ---------------------------------------------------------------------------------------------------

/**
 * Project SNAP: two closed sprints, an active one and a future one, explicit labels throughout.
 *   S1: ktlo 3 done, project 5 done, project 2 not done -> KTLO 3 (planned), project 7, completed 8
 *   S2: ktlo 2 done + ktlo 1 added after the start and done, project 8 done -> KTLO 3 (planned 2, unplanned 1), project 8, completed 11
 *   S3 (active): ktlo 4 in progress, project 6 done -> KTLO 4, project 6, completed so far 6
 *   S4 (future): ktlo 1, project 3
 */
function snapSite(): { site: Site; boardId: number; sprints: number[] } {
  const site = emptySite();
  addProject(site, { key: 'SNAP', name: 'Snapshots', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS, [DEV_ACCOUNT_ID]: MEMBER_PERMISSIONS } });
  const board = addBoard(site, { name: 'SNAP board', type: 'scrum', projectKey: 'SNAP' });
  const start = (i: number) => Date.parse('2026-10-14T09:00:00.000Z') + i * 14 * DAY;
  const sprints = [0, 1, 2, 3].map((i) =>
    addSprint(site, {
      boardId: board.id,
      name: `SNAP Sprint ${i + 1}`,
      state: i < 2 ? 'closed' : i === 2 ? 'active' : 'future',
      ...(i < 3 ? { startDate: iso(start(i)), endDate: iso(start(i) + 14 * DAY) } : {}),
      ...(i < 2 ? { completeDate: iso(start(i) + 14 * DAY - HOUR) } : {}),
    }).id,
  );
  const add = (i: number, label: 'ktlo' | 'project-work', points: number, opts: { done?: boolean; late?: boolean; inProgress?: boolean } = {}) => {
    const sprintId = sprints[i] as number;
    const joined = opts.late ? start(i) + 2 * DAY : start(i) - 2 * HOUR;
    addIssue(site, {
      project: 'SNAP',
      type: 'Task',
      summary: `${label} work of sprint ${i + 1}, ${points} points`,
      labels: [label],
      storyPoints: points,
      created: iso(Math.min(joined, start(0)) - DAY),
      sprints: [{ at: iso(joined), sprintId }],
      transitions: opts.done
        ? [{ at: iso(joined + 3 * HOUR), to: 'In Progress' }, { at: iso(joined + DAY), to: 'Done' }]
        : opts.inProgress
          ? [{ at: iso(joined + 3 * HOUR), to: 'In Progress' }]
          : [],
    });
  };
  add(0, 'ktlo', 3, { done: true });
  add(0, 'project-work', 5, { done: true });
  add(0, 'project-work', 2);
  add(1, 'ktlo', 2, { done: true });
  add(1, 'ktlo', 1, { done: true, late: true });
  add(1, 'project-work', 8, { done: true });
  add(2, 'ktlo', 4, { inProgress: true });
  add(2, 'project-work', 6, { done: true });
  add(3, 'ktlo', 1);
  add(3, 'project-work', 3);
  return { site, boardId: board.id, sprints };
}

function issueIdsOf(site: Site, sprintId: number): string[] {
  return [...site.issues.values()].filter((i) => i.sprintIds.includes(sprintId)).map((i) => i.id).sort();
}

function bySprint(snapshots: Snapshot[]): Map<number, Snapshot> {
  return new Map(snapshots.map((s) => [s.sprintId, s]));
}

describe('snapshots', () => {
  it('enabling a project backfills its closed sprints; the open one is not read', async () => {
    const world = snapSite();
    const h = await start(world.site);
    const [s1, s2, s3, s4] = world.sprints as [number, number, number, number];
    expect(await boardSnapshots(world.boardId)).toEqual([]);
    await saveGlobal(h, { enabledProjects: ['SNAP'] });
    const snaps = bySprint(await boardSnapshots(world.boardId));
    expect([...snaps.keys()]).toEqual([s1, s2]);
    expect(h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/sprint/${s3}/issue` })).toBe(0);
    expect(snaps.get(s1)).toMatchObject({
      boardId: world.boardId,
      name: 'SNAP Sprint 1',
      ktloPoints: 3,
      projectPoints: 7,
      // The KTLO split for the reserve: the KTLO task joined two hours before the start.
      ktloPlanned: 3,
      ktloUnplanned: 0,
      completedPoints: 8,
      approximate: false,
      completeDate: world.site.sprints.get(s1)?.completeDate,
    });
    expect(snaps.get(s2)).toMatchObject({ ktloPoints: 3, projectPoints: 8, ktloPlanned: 2, ktloUnplanned: 1, completedPoints: 11, approximate: false });
    // One Sprint history read per closed sprint, as the app, of its KTLO issues only (project work's timing is not stored).
    const histories = h.jira.requests.matching({ path: '/rest/api/3/changelog/bulkfetch' });
    expect(histories).toHaveLength(2);
    expect(histories.every((r) => r.accountId === 'app-ktlo-lens')).toBe(true);
    // Aggregates and issue ids only: no summaries in storage.
    expect([...(snaps.get(s1)?.issueIds ?? [])].sort()).toEqual(issueIdsOf(world.site, s1));
    expect(JSON.stringify([...snaps.values()])).not.toContain('work of sprint');
    expect(snaps.has(s4)).toBe(false);
  });

  it('a sprint closed event measures that sprint once, after the next hourly refresh, from its copy; the daily run does not read it again', async () => {
    const world = snapSite();
    const h = await start(world.site);
    const site = h.jira.site;
    const [s1, s2, s3, s4] = world.sprints as [number, number, number, number];
    await saveGlobal(h, { enabledProjects: ['SNAP'] });
    // The first hourly refresh reads the open sprints once; later ones only what changed.
    await h.trigger('sprint-copies-fn', {});
    expect((await h.forge.drainQueues()).failed).toEqual([]);

    // Sprint 3 closes on 2026-11-25 with the KTLO task still in progress; it moves on to sprint 4, which starts an hour later.
    const closeAt = Date.parse('2026-11-25T08:00:00.000Z');
    const sprint3 = site.sprints.get(s3);
    const sprint4 = site.sprints.get(s4);
    if (!sprint3 || !sprint4) throw new Error('sprints missing');
    sprint3.state = 'closed';
    sprint3.completeDate = iso(closeAt);
    sprint4.state = 'active';
    sprint4.startDate = iso(closeAt + HOUR);
    sprint4.endDate = iso(closeAt + 15 * DAY);
    const carried = [...site.issues.values()].find((i) => i.sprintIds.includes(s3) && statusById(site, i.statusId).category !== 'done');
    if (!carried) throw new Error('no unfinished issue in sprint 3');
    carried.sprintIds.push(s4);
    carried.changelog.push({ id: '999001', authorAccountId: ADMIN_ACCOUNT_ID, created: iso(closeAt), items: [{ field: 'Sprint', fieldtype: 'custom', fieldId: 'customfield_10020', from: String(s3), fromString: 'SNAP Sprint 3', to: `${s3}, ${s4}`, toString: 'SNAP Sprint 3, SNAP Sprint 4' }] });

    await h.trigger('sprint-events-fn', { sprint: { id: String(s3), originBoardId: world.boardId, state: 'closed', name: 'SNAP Sprint 3' } });
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    let snaps = bySprint(await boardSnapshots(world.boardId));
    expect(snaps.has(s3)).toBe(false);
    const counts = () => h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/issue/approximate-count` });
    await h.trigger('sprint-copies-fn', {});
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    snaps = bySprint(await boardSnapshots(world.boardId));
    // The same numbers as a full read: measured from the copy (checked against the board by two counts).
    expect(snaps.get(s3)).toMatchObject({ ktloPoints: 4, projectPoints: 6, ktloPlanned: 4, ktloUnplanned: 0, completedPoints: 6, approximate: false, completeDate: iso(closeAt) });
    expect(counts()).toBe(2);
    // Sprint 4 has started: it is read when someone views it, and measured when it closes.
    expect(snaps.has(s4)).toBe(false);

    // The daily run: a closed sprint with its final snapshot is not read again; the open one is not read at all.
    const issueListOf = (sprintId: number) => h.jira.requests.count({ path: `/rest/software/1.0/board/${world.boardId}/sprint/${sprintId}/issue` });
    const before = [s1, s2, s3, s4].map(issueListOf);
    await h.trigger('daily-snapshots-fn', { context: { cloudId: 'local' } });
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect([s1, s2, s3, s4].map(issueListOf)).toEqual(before);
    snaps = bySprint(await boardSnapshots(world.boardId));
    expect([...snaps.keys()]).toEqual([s1, s2, s3]);

    // The capacity check of sprint 4 now takes velocity from the three closed sprints: mean(8, 11, 6) = 25 / 3.
    const answer = await browserSprint(h, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:sprintAction', board: { id: world.boardId }, sprint: { id: s4 } } });
    expect(answer).toMatchObject({ ok: true, data: { teamCapacity: { value: 8.333333, source: 'velocity', approximate: false }, ktloPoints: 5 } });
  });

  it('the install event and the daily schedule fill in sprints whose events were missed', async () => {
    const world = snapSite();
    const h = await start(world.site);
    const site = h.jira.site;
    // Installed before any project is enabled: nothing to measure, nothing read.
    await h.trigger('installed-fn', { eventType: 'avi:forge:installed:app', context: { cloudId: 'local' } });
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(h.jira.requests.count({ path: '/rest/agile/1.0' })).toBe(0);
    expect(h.jira.requests.count({ path: '/rest/software/1.0' })).toBe(0);
    expect(await boardSnapshots(world.boardId)).toEqual([]);

    await saveGlobal(h, { enabledProjects: ['SNAP'] });
    expect(await boardSnapshots(world.boardId)).toHaveLength(2);
    // A sprint that closed while no event reached the app.
    const [, , s3] = world.sprints as [number, number, number];
    const sprint3 = site.sprints.get(s3);
    if (!sprint3) throw new Error('sprint 3 missing');
    sprint3.state = 'closed';
    sprint3.completeDate = '2026-11-25T17:00:00.000Z';
    expect(bySprint(await boardSnapshots(world.boardId)).has(s3)).toBe(false);
    await h.trigger('installed-fn', { eventType: 'avi:forge:installed:app', context: { cloudId: 'local' } });
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(bySprint(await boardSnapshots(world.boardId)).get(s3)).toMatchObject({ approximate: false, completedPoints: 6, completeDate: '2026-11-25T17:00:00.000Z' });
  });
});

// ---- bulk reclassification ---------------------------------------------------------------------------------------

async function bulk(h: AppHost, key: string, payload: unknown = {}, accountId = ADMIN_ACCOUNT_ID): Promise<BulkStatus> {
  const answer = envelopeSchema(bulkStatusSchema).parse(await h.resolve('settings-resolver', key, payload, { accountId, extension: { type: 'jira:adminPage' } }));
  if (!answer.ok) throw new Error(`${key}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

/** Drains the queue while polling the job's progress as the admin page would. */
async function runWithProgress(h: AppHost, jobId: string): Promise<BulkStatus[]> {
  let drained = false;
  const done = h.forge.drainQueues().then((report) => {
    drained = true;
    return report;
  });
  const seen: BulkStatus[] = [];
  while (!drained) {
    seen.push(await bulk(h, 'settings/bulkStatus', { jobId }));
    // Storage answers in-process: give the queue's delivery a turn between polls, as a page's timer would.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  expect((await done).failed).toEqual([]);
  seen.push(await bulk(h, 'settings/bulkStatus', { jobId }));
  return seen;
}

describe('bulk reclassification', () => {
  it('reclassifies every in-scope issue of the enabled demo projects in batches, with progress, and a second run writes nothing', async () => {
    const h = await start();
    const site = h.jira.site;
    await saveGlobal(h, { enabledProjects: ['OPS', 'WEB'] });
    const window = Date.parse(site.now) - 90 * DAY;
    const inScope = [...site.issues.values()].filter(
      (i) => ['OPS', 'WEB'].includes(i.projectKey) && (statusById(site, i.statusId).category !== 'done' || (i.resolutiondate !== null && Date.parse(i.resolutiondate) >= window)),
    );
    const outOfScope = [...site.issues.values()].filter((i) => !inScope.includes(i));
    expect(inScope.length).toBeGreaterThan(200);
    expect(outOfScope.some((i) => i.projectKey === 'SEC')).toBe(true);

    expect(await h.resolve('settings-resolver', 'settings/startBulk', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:adminPage' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const started = await bulk(h, 'settings/startBulk');
    expect(started).toMatchObject({ state: 'running', processed: 0, changed: 0, failedBatches: 0, startedBy: ADMIN_ACCOUNT_ID });
    const progress = await runWithProgress(h, started.jobId);
    const total = inScope.length;
    const final = progress[progress.length - 1];
    // Every issue got its first category: first writes, not changes of mind.
    expect(final).toMatchObject({ jobId: started.jobId, state: 'done', total, processed: total, firstWrites: total, changed: 0, failedBatches: 0 });
    // Progress only grows, a whole batch of 100 at a time.
    const processed = progress.map((p) => p.processed);
    expect([...processed].sort((a, b) => a - b)).toEqual(processed);
    expect(processed.every((n) => n % 100 === 0 || n === total)).toBe(true);
    // The page saw the job part-way through.
    expect(processed.some((n) => n > 0 && n < total)).toBe(true);
    expect(progress.filter((p) => p.state === 'running').every((p) => p.processed < total || p.total === total)).toBe(true);

    // One write per issue in scope, none outside it; the writes went in batches grouped by value.
    expect(site.appFieldWrites.map((w) => w.issueId).sort()).toEqual(inScope.map((i) => i.id).sort());
    expect(new Set(site.appFieldWrites.map((w) => w.value))).toEqual(new Set(['KTLO', 'Project']));
    const batches = Math.ceil(total / 100);
    expect(fieldWrites(h).length).toBeLessThanOrEqual(batches * 2);
    expect(fieldWrites(h).every((w) => w.accountId === APP_ACCOUNT_ID && w.query['generateChangelog'] === 'false')).toBe(true);
    for (const issue of inScope) expect(['KTLO', 'Project']).toContain(issue.customFields.get(WORK_CATEGORY_FIELD_ID));
    expect(outOfScope.some((i) => i.customFields.has(WORK_CATEGORY_FIELD_ID))).toBe(false);
    // The latest job is what the page shows without a job id.
    expect(await bulk(h, 'settings/bulkStatus')).toMatchObject({ jobId: started.jobId, state: 'done' });

    const writesBefore = fieldWrites(h).length;
    const again = await bulk(h, 'settings/startBulk');
    const rerun = await runWithProgress(h, again.jobId);
    expect(rerun[rerun.length - 1]).toMatchObject({ state: 'done', total, processed: total, firstWrites: 0, changed: 0, failedBatches: 0 });
    expect(fieldWrites(h)).toHaveLength(writesBefore);
    expect(site.appFieldWrites).toHaveLength(total);
  });

  /**
   * 250 issues, three batches by id: the first 100 labelled `ktlo`, the next 100 `chore` (no rule: the default,
   * project work), the last 50 `project-work`. After a first full run, `chore` becomes a KTLO label: only the middle
   * batch changes, and its write is rate limited for longer than the consumer retries.
   */
  function bulkSite(): Site {
    const site = emptySite();
    addProject(site, { key: 'BLK', name: 'Bulk', access: { [ADMIN_ACCOUNT_ID]: ALL_PROJECT_PERMISSIONS } });
    for (let i = 0; i < 250; i++) {
      const label = i < 100 ? 'ktlo' : i < 200 ? 'chore' : 'project-work';
      // Each batch worded apart: explicitly labelled issues teach the site their words, and `chore` must stay unknown.
      const noun = i < 100 ? 'Item' : i < 200 ? 'Entry' : 'Piece';
      addIssue(site, { project: 'BLK', type: 'Task', summary: `${noun} ${i}`, labels: [label], created: iso(Date.parse('2026-11-01T09:00:00.000Z') + i * 60_000) });
    }
    return site;
  }

  it('a batch that keeps failing ends the job as failed; resuming redoes only that batch', async () => {
    const h = await start(bulkSite());
    const site = h.jira.site;
    await saveGlobal(h, { enabledProjects: ['BLK'] });
    const first = await bulk(h, 'settings/startBulk');
    await runWithProgress(h, first.jobId);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: first.jobId })).toMatchObject({ state: 'done', total: 250, processed: 250, firstWrites: 250, changed: 0 });
    const middle = [...site.issues.values()].slice(100, 200);
    expect(middle.every((i) => i.customFields.get(WORK_CATEGORY_FIELD_ID) === 'Project')).toBe(true);

    await saveGlobal(h, { enabledProjects: ['BLK'], explicitLabels: { KTLO: ['ktlo', 'chore'], PROJECT: ['project-work'] } });
    // Asked first: the dry run counts what the run would change, and writes nothing.
    const writes = site.appFieldWrites.length;
    const dryRun = await h.resolve('settings-resolver', 'settings/bulkDryRun', {}, { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } });
    expect(dryRun).toEqual({ ok: true, data: { examined: 250, firstWrites: 0, changes: 100 } });
    expect(await h.resolve('settings-resolver', 'settings/bulkDryRun', {}, { accountId: DEV_ACCOUNT_ID, extension: { type: 'jira:adminPage' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(site.appFieldWrites).toHaveLength(writes);
    // Six 429s per consumer attempt (the client's retries), three attempts per batch: the batch is given up.
    h.jira.faults.inject({ method: 'POST', path: '/rest/api/3/app/field/value' }, { kind: 'rate-limit', retryAfterSeconds: 0 }, 18);
    const second = await bulk(h, 'settings/startBulk');
    await runWithProgress(h, second.jobId);
    expect(h.jira.faults.pending()).toBe(0);
    const failed = await bulk(h, 'settings/bulkStatus', { jobId: second.jobId });
    expect(failed).toMatchObject({ state: 'failed', total: 250, processed: 150, changed: 0, failedBatches: 1 });
    expect(site.appFieldWrites).toHaveLength(250);
    expect(middle.every((i) => i.customFields.get(WORK_CATEGORY_FIELD_ID) === 'Project')).toBe(true);

    h.jira.requests.clear();
    const resumed = await bulk(h, 'settings/resumeBulk', { jobId: second.jobId });
    expect(resumed.jobId).toBe(second.jobId);
    // Back to work: no longer reported as failed while the batch runs again.
    expect(resumed.state).not.toBe('failed');
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: second.jobId })).toMatchObject({ state: 'done', total: 250, processed: 250, firstWrites: 0, changed: 100, failedBatches: 0 });
    // Only the middle batch was read and written again: its 100 issues, in the pages Jira grants with a dozen fields (83).
    const searches = h.jira.requests.matching({ method: 'POST', path: '/rest/api/3/search/jql' });
    expect(searches).toHaveLength(2);
    expect(fieldWrites(h)).toHaveLength(1);
    expect(site.appFieldWrites.slice(250).map((w) => w.issueId).sort()).toEqual(middle.map((i) => i.id).sort());
    expect(site.appFieldWrites.slice(250).every((w) => w.value === 'KTLO')).toBe(true);
    expect(middle.every((i) => i.customFields.get(WORK_CATEGORY_FIELD_ID) === 'KTLO')).toBe(true);

    // Resuming a finished job does nothing.
    h.jira.requests.clear();
    expect(await bulk(h, 'settings/resumeBulk', { jobId: second.jobId })).toMatchObject({ state: 'done', processed: 250 });
    expect((await h.forge.drainQueues()).succeeded).toBe(0);
    expect(h.jira.requests.count({ path: '/rest/api/3/search/jql' })).toBe(0);
  });

  it('a plan that cannot list the issues fails the job; resuming plans it again', async () => {
    const h = await start(bulkSite());
    await saveGlobal(h, { enabledProjects: ['BLK'] });
    // Every delivery of the plan event (the first and four retries) gets a broken answer.
    h.jira.faults.inject({ method: 'POST', path: '/rest/api/3/search/jql' }, { kind: 'malformed' }, 5);
    const job = await bulk(h, 'settings/startBulk');
    const report = await h.forge.drainQueues();
    expect(report.failed).toHaveLength(1);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'failed', processed: 0 });
    expect(h.jira.site.appFieldWrites).toEqual([]);
    const resumed = await bulk(h, 'settings/resumeBulk', { jobId: job.jobId });
    expect(resumed.state).not.toBe('failed');
    expect((await h.forge.drainQueues()).failed).toEqual([]);
    expect(await bulk(h, 'settings/bulkStatus', { jobId: job.jobId })).toMatchObject({ state: 'done', total: 250, processed: 250, firstWrites: 250, changed: 0, failedBatches: 0 });
  });
});

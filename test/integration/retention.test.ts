import type { AppHost } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID } from '../../dev/jira/site';
import { DEFAULT_GLOBAL_CONFIG } from '../../src/domain/config';
import { createJob, savePlan, type Job } from '../../src/storage/bulk-store';
import { putClassifications } from '../../src/storage/classification-store';
import { readRevision, setOverride } from '../../src/storage/overrides-store';
import { saveSettings } from '../../src/storage/settings-store';
import { putSnapshot, type Snapshot } from '../../src/storage/snapshot-store';
import { RETENTION_KEYS_PER_RUN } from '../../src/services/retention';
import { appWorld, saveGlobal, storedValues } from '../support/app-world';

/**
 * The daily run deletes what has outlived the retention setting (audit 365 days, decisions 180, snapshots 730 by
 * default), keeps everything younger and the settings in force, and does a bounded amount of work per run.
 */

const world = appWorld();
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number): string => new Date(Date.now() - days * DAY).toISOString();

function seed<T>(h: AppHost, fn: () => Promise<T>): Promise<T> {
  return h.forge.invoke(fn, {}, { kind: 'trigger', principal: null, functionKey: 'test-seed' });
}

async function setAt(issueId: string, at: string): Promise<void> {
  await setOverride({ issueId, issueKey: `OPS-${issueId}`, category: 'KTLO', by: ADMIN_ACCOUNT_ID, at, previous: 'PROJECT' }, await readRevision(issueId));
}

function snapshot(sprintId: number, completeDate: string): Snapshot {
  return {
    boardId: 77, sprintId, name: `Sprint ${sprintId}`, startDate: null, endDate: completeDate, completeDate, ktloPoints: 1, projectPoints: 2,
    ktloPlanned: null, ktloUnplanned: null, completedPoints: 3, ktloShare: 1 / 3, issueIds: ['1'], approximate: false, computedAt: completeDate,
  };
}

const keysOf = async (h: AppHost, prefix: string) => Object.keys(await storedValues(h)).filter((k) => k.startsWith(prefix));
const daily = (h: AppHost) => h.trigger('daily-snapshots-fn', {});

it('deletes audit entries, decisions, snapshots, old settings revisions and bulk runs past their retention, and keeps the rest', async () => {
  const h = await world.start();
  const oldJob: Job = { jobId: '00000000-0000-4000-8000-000000000001', startedBy: ADMIN_ACCOUNT_ID, startedAt: ago(400), total: null, batches: null, planError: null };
  await seed(h, async () => {
    await setAt('900001', ago(400));
    await setAt('900001', ago(366));
    await setAt('900002', ago(364));
    await setAt('900003', ago(1));
    const decision = { classification: { category: 'KTLO' as const, source: 'rules' as const, confidence: 0.9, reasons: [], unsure: false }, rulesVersion: 'g1-p0' };
    await putClassifications(new Map([['800001', decision]]), ago(181));
    await putClassifications(new Map([['800002', decision]]), ago(179));
    await putSnapshot(snapshot(1, ago(731)));
    await putSnapshot(snapshot(2, ago(729)));
    await saveSettings({ kind: 'project', projectKey: 'OPS' }, 0, {}, ADMIN_ACCOUNT_ID, new Date(ago(500)));
    await saveSettings({ kind: 'project', projectKey: 'OPS' }, 1, {}, ADMIN_ACCOUNT_ID, new Date(ago(400)));
    await saveSettings({ kind: 'project', projectKey: 'WEB' }, 0, {}, ADMIN_ACCOUNT_ID, new Date(ago(900)));
    await createJob(oldJob);
    await savePlan(oldJob, [['1', '2'], ['3']]);
  });
  await daily(h);
  expect((await h.forge.drainQueues()).failed).toEqual([]);
  const stored = await storedValues(h);
  const audit = Object.values(stored).filter((v): v is { issueId: string; at: string } => typeof v === 'object' && v !== null && 'action' in v);
  expect(audit.map((e) => e.issueId).sort()).toEqual(['900002', '900003']);
  expect(Object.keys(stored).filter((k) => k.startsWith('class:'))).toEqual(['class:800002']);
  expect(Object.keys(stored).filter((k) => k.startsWith('snapshot:'))).toEqual(['snapshot:77:0000000002']);
  // The revision in force of each level stays, whatever its age; the older one of OPS goes.
  expect(Object.keys(stored).filter((k) => k.startsWith('settings:')).sort()).toEqual(['settings:project:OPS:9999999997', 'settings:project:WEB:9999999998']);
  expect(Object.keys(stored).filter((k) => k.startsWith('bulk:'))).toEqual([]);
  // The current override of an issue stays while it stands, though the entry that set it is past retention.
  expect(Object.keys(stored).filter((k) => k.startsWith('override:')).sort()).toEqual(['override:900001', 'override:900002', 'override:900003']);
});

it('follows the retention setting, and an invalid one is refused naming the field', async () => {
  const h = await world.start();
  await seed(h, async () => {
    await setAt('900001', ago(40));
    await setAt('900002', ago(20));
  });
  await saveGlobal(h, { retention: { ...DEFAULT_GLOBAL_CONFIG.retention, auditDays: 30 } });
  await daily(h);
  expect((await keysOf(h, 'audit:')).map((k) => k.split(':').slice(-2, -1)[0])).toEqual(['900002']);
  const refused = await h.resolve('settings-resolver', 'settings/save', { level: 'global', expectedRevision: 1, settings: { retention: { auditDays: 3, decisionDays: 180, snapshotDays: 730 } } }, {
    accountId: ADMIN_ACCOUNT_ID,
    extension: { type: 'jira:adminPage' },
  });
  expect(refused).toEqual({
    ok: false,
    error: {
      code: 'INVALID_INPUT',
      message: expect.stringContaining('retention.auditDays: Keep audit entries at least 30 days.'),
      fields: [{ path: ['settings', 'retention', 'auditDays'], code: 'OUT_OF_RANGE', message: 'Keep audit entries at least 30 days.' }],
    },
  });
});

it(`reads at most ${RETENTION_KEYS_PER_RUN} decisions a run and goes on the next day where it stopped`, async () => {
  const h = await world.start();
  const total = RETENTION_KEYS_PER_RUN + 300;
  const decision = { classification: { category: 'PROJECT' as const, source: 'default' as const, confidence: 0.5, reasons: [], unsure: true }, rulesVersion: 'g1-p0' };
  await seed(h, () => putClassifications(new Map(Array.from({ length: total }, (_, i) => [String(700000 + i), decision])), ago(200)));
  await daily(h);
  expect(await keysOf(h, 'class:')).toHaveLength(300);
  await daily(h);
  expect(await keysOf(h, 'class:')).toHaveLength(0);
});

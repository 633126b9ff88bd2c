import { Queue } from '@forge/events';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Purpose } from '../jira/points';
import { forgetParked, listParked, parkUntilTomorrow, saveDailyCursor } from '../storage/background-store';
import { readGlobal } from '../storage/settings-store';
import { createJob, getBatchResult, getJob, getPlan, planError, putBatchResult, reopenJob, savePlan, type Job } from '../storage/bulk-store';
import { pruneLedger } from '../storage/points-ledger';
import { DAILY_BATCH, planDailyRun } from '../services/daily-run';
import { appJira } from '../services/jira-context';
import { metered } from '../services/metering';
import { reclassifyIssues } from '../services/reclassify';
import { computeSnapshot, missingSnapshots } from '../services/snapshots';
import { parkingDelay, quotaStop } from './quota-stop';

/**
 * Background work through the Forge events queue: bulk reclassification (a plan event lists the issues, batch events
 * classify 100 each), sprint snapshots (a backfill event lists the missing ones, snapshot events measure one each) and
 * the daily run. The consumer's timeout is set in the manifest; each batch fits well inside.
 *
 * Each event's work counts its Jira points under its purpose. Work stopped by the points quota is parked, not failed:
 * before the hourly wall (Jira said "near limit") or at it (429 until the top of the hour) the same event is pushed
 * again with a delay until Jira's reset, so it resumes by itself; once the day's budget is spent it waits for the next
 * daily run. Every piece of work is idempotent (batches keep a "done" record, snapshots overwrite, the field is
 * written only on change), so a parked and resumed event neither loses nor repeats anything.
 */

export const QUEUE_KEY = 'ktlo-work';
const queue = new Queue({ key: QUEUE_KEY });

const BATCH_SIZE = 100;
/** The platform's cap on events per push. */
const EVENTS_PER_PUSH = 50;
/** After this many deliveries a failing batch is recorded as failed, so the job can end and be resumed. */
const MAX_ATTEMPTS = 3;
/** Closed issues stay in scope this long: the trend window. */
const TREND_WINDOW_DAYS = 90;

const workEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bulk-plan'), jobId: z.string().min(1) }),
  z.object({ type: z.literal('bulk-batch'), jobId: z.string().min(1), index: z.number().int().nonnegative() }),
  z.object({ type: z.literal('snapshot'), boardId: z.number().int().positive(), sprintId: z.number().int().positive() }),
  /** List what snapshots are missing (for one board, or every board of the enabled projects) and queue them. */
  z.object({ type: z.literal('backfill'), boardId: z.number().int().positive().optional(), daily: z.literal(true).optional() }),
  /** The daily run: resume parked work, then queue what changed since the last run (services/daily-run.ts). */
  z.object({ type: z.literal('daily') }),
  /** Issues the daily run found, classified and written on change. */
  z.object({ type: z.literal('reclassify'), issueIds: z.array(z.string().regex(/^\d+$/)).min(1).max(DAILY_BATCH) }),
]);
export type WorkEvent = z.infer<typeof workEventSchema>;

export async function enqueue(events: readonly WorkEvent[], delayInSeconds?: number): Promise<void> {
  for (let i = 0; i < events.length; i += EVENTS_PER_PUSH) {
    await queue.push(events.slice(i, i + EVENTS_PER_PUSH).map((body) => (delayInSeconds === undefined ? { body } : { body, delayInSeconds })));
  }
}

/** The issues a bulk reclassification reads: the enabled projects' open issues and those resolved in the trend window. */
export function bulkScopeJql(enabledProjects: readonly string[]): string {
  return `project in (${enabledProjects.join(', ')}) AND (statusCategory != Done OR resolved >= -${TREND_WINDOW_DAYS}d) ORDER BY id ASC`;
}

export async function startBulk(startedBy: string, now: Date): Promise<Job> {
  const job: Job = { jobId: randomUUID(), startedBy, startedAt: now.toISOString(), total: null, batches: null, planError: null };
  await createJob(job);
  await enqueue([{ type: 'bulk-plan', jobId: job.jobId }]);
  return job;
}

/** Re-sends the batches of a job that have not finished, e.g. after a failure. */
export async function resumeBulk(job: Job): Promise<number> {
  if (job.batches === null) {
    await reopenJob(job, []);
    await enqueue([{ type: 'bulk-plan', jobId: job.jobId }]);
    return 0;
  }
  const pending: WorkEvent[] = [];
  const failed: number[] = [];
  for (let index = 0; index < job.batches; index++) {
    const result = await getBatchResult(job.jobId, index);
    if (result?.state === 'failed') failed.push(index);
    if (result?.state !== 'done') pending.push({ type: 'bulk-batch', jobId: job.jobId, index });
  }
  // Cleared before the work is re-sent: a record cleared after it could be a fresh "done" of the retried batch.
  await reopenJob(job, failed);
  await enqueue(pending);
  return pending.length;
}

async function plan(jobId: string): Promise<void> {
  const job = await getJob(jobId);
  if (!job) throw new Error(`bulk job ${jobId} does not exist`);
  const { enabledProjects } = (await readGlobal()).settings;
  if (enabledProjects.length === 0) {
    await savePlan(job, []);
    return;
  }
  const jql = bulkScopeJql(enabledProjects);
  try {
    // Jira's search answers `{ id }` alone when only `id` is asked for; `key` gets the id and key every issue read carries.
    const found = await appJira().search(jql, ['key']);
    const ids = found.issues.map((i) => i.id);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_SIZE) batches.push(ids.slice(i, i + BATCH_SIZE));
    await savePlan(job, batches);
    await enqueue(batches.map((_, index) => ({ type: 'bulk-batch' as const, jobId, index })));
  } catch (e) {
    if (quotaStop(e, Date.now()) === null) await planError(job, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

async function batch(jobId: string, index: number, attempt: number): Promise<void> {
  if ((await getBatchResult(jobId, index))?.state === 'done') return;
  const ids = await getPlan(jobId, index);
  if (ids === null) throw new Error(`batch ${index} of bulk job ${jobId} has no plan`);
  try {
    const { processed, firstWrites, changed } = await reclassifyIssues(appJira(), ids, new Date());
    await putBatchResult(jobId, index, { state: 'done', processed, firstWrites, changed, error: null });
  } catch (e) {
    if (attempt + 1 < MAX_ATTEMPTS || quotaStop(e, Date.now()) !== null) throw e;
    await putBatchResult(jobId, index, { state: 'failed', processed: 0, firstWrites: 0, changed: 0, error: e instanceof Error ? e.message : String(e) });
  }
}

const deliverySchema = z.looseObject({ body: z.unknown(), retryContext: z.looseObject({ retryCount: z.number().int() }).optional() });

/** The queue's consumer. A malformed event is reported and dropped: retrying it could never succeed. */
export async function workConsumer(event: unknown): Promise<void> {
  const delivery = deliverySchema.safeParse(event);
  const parsed = workEventSchema.safeParse(delivery.success ? delivery.data.body : undefined);
  if (!delivery.success || !parsed.success) {
    console.error('KTLO Lens: dropped a malformed queue event', parsed.success ? 'bad delivery' : parsed.error.issues);
    return;
  }
  const attempt = delivery.data.retryContext?.retryCount ?? 0;
  const work = parsed.data;
  try {
    await metered(purposeOf(work), () => perform(work, attempt));
  } catch (e) {
    const stop = quotaStop(e, Date.now());
    if (stop === null) throw e;
    if (stop.resumeInSeconds === null) await parkUntilTomorrow(work);
    else await enqueue([work], parkingDelay(stop.resumeInSeconds));
  }
}

function purposeOf(work: WorkEvent): Purpose {
  switch (work.type) {
    case 'bulk-plan':
    case 'bulk-batch':
      return 'bulk';
    case 'snapshot':
      return 'snapshot';
    case 'backfill':
      return work.daily ? 'daily' : 'backfill';
    case 'daily':
    case 'reclassify':
      return 'daily';
  }
}

async function perform(work: WorkEvent, attempt: number): Promise<void> {
  switch (work.type) {
    case 'bulk-plan':
      return plan(work.jobId);
    case 'bulk-batch':
      return batch(work.jobId, work.index, attempt);
    case 'snapshot':
      return computeSnapshot(appJira(), work.boardId, work.sprintId, new Date());
    case 'backfill': {
      const missing = await missingSnapshots(appJira(), work.boardId, new Date());
      return enqueue(missing.map(({ boardId, sprintId }) => ({ type: 'snapshot' as const, boardId, sprintId })));
    }
    case 'daily':
      return dailyRun(new Date());
    case 'reclassify':
      await reclassifyIssues(appJira(), work.issueIds, new Date());
      return;
  }
}

/** Parked work goes out again first (sent before it is forgotten: a crash in between only sends it twice). */
async function dailyRun(now: Date): Promise<void> {
  const parked = await listParked();
  const again = parked.flatMap(({ event }) => {
    const ok = workEventSchema.safeParse(event);
    return ok.success ? [ok.data] : [];
  });
  await enqueue(again);
  await forgetParked(parked.map((p) => p.key));
  await pruneLedger(now);
  const found = await planDailyRun(appJira(), now);
  await enqueue([
    ...found.batches.map((issueIds) => ({ type: 'reclassify' as const, issueIds })),
    ...(found.board === null ? [] : [{ type: 'backfill' as const, boardId: found.board, daily: true as const }]),
  ]);
  await saveDailyCursor(found.cursor);
}

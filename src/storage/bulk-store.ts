import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { sweep } from './sweep';

/**
 * A bulk reclassification: the job, its planned batches (issue ids only) and one record per finished batch. Batches
 * write their own records, so parallel consumers never race on a shared counter; progress is the sum of the batch
 * records. A batch already done is skipped when its event is delivered again, which makes the run idempotent and
 * resumable: resuming re-sends only the batches without a "done" record.
 */

export const jobSchema = z.object({
  jobId: z.string(),
  startedBy: z.string(),
  startedAt: z.string(),
  /** Null until the plan has listed the issues. */
  total: z.number().int().nonnegative().nullable(),
  batches: z.number().int().nonnegative().nullable(),
  planError: z.string().nullable(),
});
export type Job = z.infer<typeof jobSchema>;

/** `firstWrites`: issues that got their first category; `changed`: issues whose category changed (records before the split had none). */
export const batchResultSchema = z.object({
  state: z.enum(['done', 'failed']),
  processed: z.number().int(),
  firstWrites: z.number().int().default(0),
  changed: z.number().int(),
  error: z.string().nullable(),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

const planSchema = z.object({ issueIds: z.array(z.string()) });

const jobKey = (jobId: string): string => `${JOB_PREFIX}${jobId}`;
const planPrefix = (jobId: string): string => `bulk:plan:${jobId}:`;
const planKey = (jobId: string, index: number): string => `${planPrefix(jobId)}${String(index).padStart(6, '0')}`;
const resultPrefix = (jobId: string): string => `bulk:result:${jobId}:`;
const resultKey = (jobId: string, index: number): string => `${resultPrefix(jobId)}${String(index).padStart(6, '0')}`;
const LATEST = 'bulk:latest';
const JOB_PREFIX = 'bulk:job:';

export class StoredJobError extends Error {}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredJobError(`${what} is damaged`);
  return parsed.data;
}

export async function createJob(job: Job): Promise<void> {
  await kvs.transact().set(jobKey(job.jobId), job).set(LATEST, { jobId: job.jobId }).execute();
}

export async function getJob(jobId: string): Promise<Job | null> {
  const raw = await kvs.get<unknown>(jobKey(jobId));
  return raw === undefined ? null : parse(jobSchema, raw, `bulk job ${jobId}`);
}

export async function latestJobId(): Promise<string | null> {
  const raw = await kvs.get<unknown>(LATEST);
  return raw === undefined ? null : parse(z.object({ jobId: z.string() }), raw, 'latest bulk job').jobId;
}

export async function savePlan(job: Job, batches: readonly (readonly string[])[]): Promise<void> {
  const BATCH = 25;
  const items = batches.map((issueIds, index) => ({ key: planKey(job.jobId, index), value: { issueIds: [...issueIds] } }));
  for (let i = 0; i < items.length; i += BATCH) await kvs.batchSet(items.slice(i, i + BATCH));
  await kvs.set(jobKey(job.jobId), { ...job, total: batches.reduce((n, b) => n + b.length, 0), batches: batches.length, planError: null });
}

export async function planError(job: Job, error: string): Promise<void> {
  await kvs.set(jobKey(job.jobId), { ...job, planError: error });
}

/**
 * Makes a failed job pending again before its failed work is sent again: the plan error and the failed batches'
 * records go, so the job reads "running" until the retried work reports (and can be resumed again if that fails).
 */
export async function reopenJob(job: Job, failedBatches: readonly number[]): Promise<void> {
  if (job.planError !== null) await kvs.set(jobKey(job.jobId), { ...job, planError: null });
  for (const index of failedBatches) await kvs.delete(resultKey(job.jobId, index));
}

export async function getPlan(jobId: string, index: number): Promise<string[] | null> {
  const raw = await kvs.get<unknown>(planKey(jobId, index));
  return raw === undefined ? null : parse(planSchema, raw, `plan ${index} of bulk job ${jobId}`).issueIds;
}

export async function getBatchResult(jobId: string, index: number): Promise<BatchResult | null> {
  const raw = await kvs.get<unknown>(resultKey(jobId, index));
  return raw === undefined ? null : parse(batchResultSchema, raw, `batch ${index} of bulk job ${jobId}`);
}

export async function putBatchResult(jobId: string, index: number, result: BatchResult): Promise<void> {
  await kvs.set(resultKey(jobId, index), result);
}

/** Batch index -> result, for every batch that has finished (or finally failed). */
export async function batchResults(jobId: string): Promise<Map<number, BatchResult>> {
  const out = new Map<number, BatchResult>();
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(resultPrefix(jobId))).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const r of page.results) out.set(Number(r.key.slice(resultPrefix(jobId).length)), parse(batchResultSchema, r.value, r.key));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * Deletes bulk runs started before `cutoff` (the job names who started it), at most `budget` jobs a call: first each
 * run's plan and batch records, then the job, so an interrupted clean-up is finished by the next one.
 */
export async function sweepJobs(cutoff: Date, budget: number): Promise<number> {
  const old: string[] = [];
  // Jobs are few (one per bulk run an admin starts): the listing reads them all, deleting none itself.
  await sweep(JOB_PREFIX, {
    budget: 1000,
    expired: (_key, value) => {
      const parsed = jobSchema.safeParse(value);
      if (parsed.success && Date.parse(parsed.data.startedAt) < cutoff.getTime() && old.length < budget) old.push(parsed.data.jobId);
      return false;
    },
  });
  const latest = await latestJobId();
  for (const jobId of old) {
    for (const prefix of [planPrefix(jobId), resultPrefix(jobId)]) {
      let cursor: string | null = null;
      do cursor = (await sweep(prefix, { cursor, budget: 1000, expired: () => true })).cursor;
      while (cursor !== null);
    }
    await kvs.delete(jobKey(jobId));
    if (latest === jobId) await kvs.delete(LATEST);
  }
  return old.length;
}

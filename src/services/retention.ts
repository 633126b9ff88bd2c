import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { retentionCutoffs } from '../domain/config';
import { sweepJobs } from '../storage/bulk-store';
import { sweepClassifications } from '../storage/classification-store';
import { sweepAudit } from '../storage/overrides-store';
import { readGlobal, sweepSettingsHistory } from '../storage/settings-store';
import { sweepSnapshots } from '../storage/snapshot-store';

/**
 * The retention setting, enforced by the daily run: audit entries, settings revisions other than the one in force,
 * and bulk runs (all of which name people) after `auditDays`; stored decisions after `decisionDays`; sprint snapshots
 * after `snapshotDays`. Each kind is swept a bounded number of keys a run, going on the next day where it stopped.
 */

/** Keys read per kind and run: enough for any site's daily growth, small enough for the scheduled trigger's time. */
export const RETENTION_KEYS_PER_RUN = 1000;
/** Bulk runs are few; their plans and batch records are what takes the time. */
const BULK_JOBS_PER_RUN = 10;
const CURSORS_KEY = 'retention:cursors';

const cursorsSchema = z.object({ decisions: z.string().nullable(), snapshots: z.string().nullable(), settings: z.string().nullable() });

export interface RetentionReport {
  /** How many of each were deleted. */
  deleted: { audit: number; decisions: number; snapshots: number; settings: number; bulkJobs: number };
  /** Whether a kind still has keys this run did not read (the next run goes on from there). */
  unfinished: { audit: boolean; decisions: boolean; snapshots: boolean; settings: boolean };
}

export async function applyRetention(now: Date, keysPerRun = RETENTION_KEYS_PER_RUN): Promise<RetentionReport> {
  const { retention } = (await readGlobal()).settings;
  const cutoffs = retentionCutoffs(retention, now);
  const cursors = cursorsSchema.safeParse(await kvs.get<unknown>(CURSORS_KEY)).data ?? { decisions: null, snapshots: null, settings: null };
  const audit = await sweepAudit(cutoffs.audit, keysPerRun);
  const decisions = await sweepClassifications(cutoffs.decisions, cursors.decisions, keysPerRun);
  const snapshots = await sweepSnapshots(cutoffs.snapshots, cursors.snapshots, keysPerRun);
  const settings = await sweepSettingsHistory(cutoffs.audit, cursors.settings, keysPerRun);
  const bulkJobs = await sweepJobs(cutoffs.audit, BULK_JOBS_PER_RUN);
  await kvs.set(CURSORS_KEY, { decisions: decisions.cursor, snapshots: snapshots.cursor, settings: settings.cursor });
  return {
    deleted: { audit: audit.deleted, decisions: decisions.deleted, snapshots: snapshots.deleted, settings: settings.deleted, bulkJobs },
    // The audit is read oldest first: a full budget of expired entries means there may be more.
    unfinished: { audit: audit.deleted === keysPerRun, decisions: decisions.cursor !== null, snapshots: snapshots.cursor !== null, settings: settings.cursor !== null },
  };
}

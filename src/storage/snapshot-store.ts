import { kvs, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { sweep, type SweepResult } from './sweep';

/**
 * Per-sprint aggregates of closed sprints, computed as the app by the install backfill, sprint events and the daily
 * trigger. They hold numbers and issue ids only, never summaries: every issue list a person sees is fetched as that
 * person. Velocity (team capacity when none is configured) is read from here without calling Jira.
 */

export const snapshotSchema = z.object({
  boardId: z.number().int(),
  sprintId: z.number().int(),
  name: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  completeDate: z.string().nullable(),
  ktloPoints: z.number(),
  projectPoints: z.number(),
  /** KTLO planned at the sprint's start vs added after it started; null when not measured (absent in snapshots stored before the split was). */
  ktloPlanned: z.number().nullable().default(null),
  ktloUnplanned: z.number().nullable().default(null),
  completedPoints: z.number(),
  ktloShare: z.number().nullable(),
  issueIds: z.array(z.string()),
  /** True until the backfill has read the sprint's history in full. */
  approximate: z.boolean(),
  computedAt: z.string(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

const PREFIX = 'snapshot:';
const prefix = (boardId: number): string => `${PREFIX}${boardId}:`;
// Zero-padded so the key order is the sprint order (ids grow with time in Jira).
const key = (boardId: number, sprintId: number): string => `${prefix(boardId)}${String(sprintId).padStart(10, '0')}`;

export async function putSnapshot(snapshot: Snapshot): Promise<void> {
  await kvs.set(key(snapshot.boardId, snapshot.sprintId), snapshot);
}

/** All stored snapshots of a board, oldest sprint first. Damaged entries are skipped: they are recomputed daily. */
export async function boardSnapshots(boardId: number): Promise<Snapshot[]> {
  const out: Snapshot[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix(boardId))).limit(100);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const r of page.results) {
      const parsed = snapshotSchema.safeParse(r.value);
      if (parsed.success) out.push(parsed.data);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** When the snapshot's sprint ended (completed, else planned to end, else when it was measured). */
export function sprintEndedAt(sprint: { completeDate?: string | null | undefined; endDate?: string | null | undefined }): number {
  return Date.parse(sprint.completeDate ?? sprint.endDate ?? '');
}

/** Deletes snapshots of sprints that ended before `cutoff` (and damaged ones), from `cursor`, reading at most `budget`. */
export function sweepSnapshots(cutoff: Date, cursor: string | null, budget: number): Promise<SweepResult> {
  return sweep(PREFIX, {
    cursor,
    budget,
    expired: (_key, value) => {
      const parsed = snapshotSchema.safeParse(value);
      if (!parsed.success) return true;
      const ended = sprintEndedAt(parsed.data);
      return (Number.isNaN(ended) ? Date.parse(parsed.data.computedAt) : ended) < cutoff.getTime();
    },
  });
}

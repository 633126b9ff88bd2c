import { z } from 'zod';
import { applyRetention } from '../services/retention';
import { noteSprintClosed } from '../storage/sprint-copy-store';
import { enqueue } from './work-queue';

/**
 * Keeping sprint snapshots current: the install backfills what enabled projects already have, a closed sprint is
 * measured at once (velocity reads closed sprints only), and a daily run resumes parked work and reads only what
 * changed (services/daily-run.ts). The work itself runs in the queue's consumer, which has the time for it. The daily
 * run also deletes what has outlived the retention setting.
 */

export async function onInstalled(): Promise<void> {
  await enqueue([{ type: 'backfill' }]);
}

export async function onDailySchedule(): Promise<void> {
  await enqueue([{ type: 'daily' }]);
  const report = await applyRetention(new Date());
  console.log('KTLO Lens retention', JSON.stringify(report));
}

// Jira sends sprint ids as strings ("6"); accept numbers too.
const positiveId = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number).pipe(z.number().int().positive());
const sprintEventSchema = z.looseObject({ sprint: z.looseObject({ id: positiveId, originBoardId: positiveId }) });

/**
 * avi:jira-software:closed:sprint: the sprint's final snapshot, read once, by the next hourly refresh (triggers/
 * hourly.ts): by then it has read what the close changed (work carried over), and a close, a team's busiest hour,
 * does not also pay for the sprint's read.
 */
export async function onSprintEvent(event: unknown): Promise<void> {
  const parsed = sprintEventSchema.safeParse(event);
  if (!parsed.success) {
    console.error('KTLO Lens: ignored a sprint event without sprint id and board', parsed.error.issues.map((i) => i.path.join('.')));
    return;
  }
  const { id, originBoardId } = parsed.data.sprint;
  await noteSprintClosed({ boardId: originBoardId, sprintId: id });
}

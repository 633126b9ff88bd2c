import { appJira } from '../services/jira-context';
import { metered } from '../services/metering';
import { refreshSprintCopies } from '../services/sprint-copies';
import { forgetClosedSprints, listClosedSprints } from '../storage/sprint-copy-store';
import { quotaStop } from './quota-stop';
import { enqueue } from './work-queue';

/**
 * The hourly schedule: open sprints' issues that changed since the last hour, kept so that a closing sprint reads
 * only what changed since (services/sprint-copies.ts), then the snapshots of sprints closed in the hour. Counted as
 * snapshot work. Stopped by the points quota, the refresh simply waits: the next hour's reads from the same cursor,
 * so nothing is missed.
 */
export async function onHourlySchedule(): Promise<void> {
  try {
    const { read } = await metered('snapshot', () => refreshSprintCopies(appJira(), new Date()));
    console.log('KTLO Lens sprint copies', JSON.stringify({ read }));
  } catch (e) {
    const stop = quotaStop(e, Date.now());
    if (stop === null) throw e;
    console.log('KTLO Lens: sprint copies wait for the points quota', JSON.stringify(stop));
  }
  // Sprints closed since the last hour are measured now (queued before they are forgotten: a crash only queues twice).
  const closed = await listClosedSprints();
  await enqueue(closed.map(({ boardId, sprintId }) => ({ type: 'snapshot' as const, boardId, sprintId })));
  await forgetClosedSprints(closed);
}

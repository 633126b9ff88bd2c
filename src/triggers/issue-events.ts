import { z } from 'zod';
import { isProjectEnabled } from '../domain/config';
import { readGlobal } from '../storage/settings-store';
import { rawIssueSchema } from '../jira/schemas';
import { changelogItems } from '../services/changelog-delta';
import { appJira } from '../services/jira-context';
import { metered } from '../services/metering';
import { noteChanged } from '../services/recent-changes';
import { reclassifyFromEvent } from '../services/reclassify';

/**
 * avi:jira:created:issue / avi:jira:updated:issue: classify the issue as the app (from the fields the event carries,
 * or its changelog over the fields the app last read, when that is enough: an edit then costs no read) and write
 * "Work category" when the category changed. The manifest's filter already drops the app's own writes (ignoreSelf) and updates that touch no
 * field the rules read; projects that are not opted in stop here before any Jira call.
 */

const issueEventSchema = z.looseObject({
  changelog: z.unknown().optional(),
  issue: z.looseObject({
    id: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String),
    key: z.string().min(1),
    fields: z.looseObject({ project: z.looseObject({ key: z.string() }).optional() }).optional(),
  }),
});

export async function onIssueEvent(event: unknown): Promise<void> {
  const parsed = issueEventSchema.safeParse(event);
  if (!parsed.success) {
    console.error('KTLO Lens: ignored an issue event without a usable issue id and key', parsed.error.issues.map((i) => i.path.join('.')));
    return;
  }
  const { id, key, fields } = parsed.data.issue;
  const projectKey = fields?.project?.key ?? key.slice(0, key.lastIndexOf('-'));
  // The event is news of an edit: the views' next issue lists (opted in or not, they show it) and the read below get
  // the issue as it is now, not as Jira's eventually consistent lists last saw it.
  await noteChanged([id]);
  if (!isProjectEnabled((await readGlobal()).settings, projectKey)) return;
  const carried = rawIssueSchema.safeParse({ ...parsed.data.issue, id, key });
  const issue = carried.success ? carried.data : { id, key };
  const changes = changelogItems(parsed.data.changelog);
  await metered('trigger', () => reclassifyFromEvent(appJira(), issue, changes, new Date()));
}

import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { JiraClient } from '../jira/client';
import type { Field } from '../jira/schemas';

/**
 * Ids of the site's fields the app needs (story points, Sprint, Work category). They are site configuration and
 * rarely change, so they are kept for a day: a capacity check should spend its requests on the sprint, not on
 * re-reading the field list.
 */

const STORY_POINTS_SCHEMA = 'com.pyxis.greenhopper.jira:jsw-story-points';
const SPRINT_SCHEMA = 'com.pyxis.greenhopper.jira:gh-sprint';
// The app's own field, by its module key in the schema's extension id.
const WORK_CATEGORY_SUFFIX = '/static/work-category';

function workCategoryField(fields: readonly Field[]): string | null {
  return fields.find((f) => f.schema?.custom?.endsWith(WORK_CATEGORY_SUFFIX) === true)?.id ?? null;
}
const KEY = 'site:fields';
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const siteFieldsSchema = z.object({
  storyPoints: z.string().nullable(),
  sprint: z.string().nullable(),
  workCategory: z.string().nullable(),
  at: z.number(),
});
export type SiteFields = z.infer<typeof siteFieldsSchema>;

export async function siteFields(jira: JiraClient, now = Date.now()): Promise<SiteFields> {
  const cached = siteFieldsSchema.safeParse(await kvs.get<unknown>(KEY));
  if (cached.success && now - cached.data.at < MAX_AGE_MS) return cached.data;
  const fields = await jira.fields();
  const fresh: SiteFields = {
    storyPoints: fields.find((f) => f.schema?.custom === STORY_POINTS_SCHEMA)?.id ?? null,
    sprint: fields.find((f) => f.schema?.custom === SPRINT_SCHEMA)?.id ?? null,
    workCategory: workCategoryField(fields),
    at: now,
  };
  await kvs.set(KEY, fresh);
  return fresh;
}

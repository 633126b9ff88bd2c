import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { JiraClient } from '../jira/client';
import { siteFieldIds, type SiteFieldIds } from '../reader/fields';

/**
 * Ids of the site's fields the app needs (story points, Sprint, Work category). They are site configuration and
 * rarely change, so they are kept for a day: a measurement should spend its requests on the sprint, not on
 * re-reading the field list. The load routes pass them to the browser's reader.
 */

const KEY = 'site:fields';
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

const siteFieldsSchema = z.object({
  storyPoints: z.string().nullable(),
  sprint: z.string().nullable(),
  workCategory: z.string().nullable(),
  at: z.number(),
});

export async function siteFields(jira: JiraClient, now = Date.now()): Promise<SiteFieldIds> {
  const cached = siteFieldsSchema.safeParse(await kvs.get<unknown>(KEY));
  if (cached.success && now - cached.data.at < MAX_AGE_MS) return cached.data;
  const fresh = siteFieldIds(await jira.fields());
  await kvs.set(KEY, { ...fresh, at: now });
  return fresh;
}

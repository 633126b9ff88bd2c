import type { JiraClient } from '../jira/client';
import { keepNames, keptNames } from '../storage/name-store';

/**
 * Display names for what the backend hands people (the audit CSV), as `viewer` may see them: read as the viewer from
 * Jira's bulk user lookup, only for accounts not kept already (storage/name-store.ts), so each person costs the
 * app's points quota at most once a day per viewer. null: Jira shows no such person to the viewer.
 */
export async function displayNames(jira: JiraClient, viewer: string, accountIds: readonly string[]): Promise<Map<string, string | null>> {
  const kept = await keptNames(viewer, accountIds);
  const missing = [...new Set(accountIds)].filter((id) => !kept.has(id));
  if (missing.length === 0) return kept;
  const found = await jira.displayNames(missing);
  const fresh = new Map(missing.map((id) => [id, found.get(id) ?? null]));
  await keepNames(viewer, fresh);
  return new Map([...kept, ...fresh]);
}

/** What a person is called where Jira shows no name: never their account id. */
export const FORMER_USER = 'a former user';

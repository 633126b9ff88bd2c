import { getAppContext } from '@forge/api';
import type { JiraClient } from '../jira/client';

/**
 * Which project keys of a settings save name no project the saver can see, asked of Jira as the saver. Answers are
 * kept for a minute per (site, person, key): an admin who saves twice in a row asks Jira once, and a project created
 * or shared a minute ago is seen on the next save.
 */

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; known: boolean }>();

export async function unknownProjectKeys(jira: JiraClient, accountId: string, keys: readonly string[], now = Date.now()): Promise<string[]> {
  const site = getAppContext().installationAri.toString();
  const cacheKey = (key: string) => `${site}|${accountId}|${key}`;
  const ask = keys.filter((key) => {
    const hit = cache.get(cacheKey(key));
    return !hit || now - hit.at >= TTL_MS;
  });
  if (ask.length > 0) {
    const visible = await jira.visibleProjectKeys(ask);
    for (const key of ask) cache.set(cacheKey(key), { at: now, known: visible.has(key) });
  }
  return keys.filter((key) => cache.get(cacheKey(key))?.known !== true);
}

/** For tests that create projects mid-run. */
export function forgetProjectKeys(): void {
  cache.clear();
}

import { getAppContext } from '@forge/api';
import type { JiraClient } from '../jira/client';

/**
 * Server-side authorisation, always asked of Jira as the caller. For what a screen shows ('display': buttons, who may
 * see a page) answers are cached per (site, user, permission, scope) for a minute: a panel makes several checks per
 * load, and each costs rate-limit points. Writes and exports ('fresh') always ask Jira now, so rights Jira has revoked
 * stop working at once; their answer refreshes the cache. The installation is part of the key because a warm Forge
 * process serves every site the app is installed on, and an account id is the same person on all of them: an admin
 * of one site is not an admin of the next.
 */

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: boolean }>();

/** 'display' may answer from the cache; 'fresh' (writes, exports) asks Jira. */
export type Freshness = 'display' | 'fresh';

export type Scope = { projectKey: string } | { issueKey: string } | Record<string, never>;

function scopeKey(scope: Scope): string {
  if ('projectKey' in scope) return `p:${scope.projectKey}`;
  if ('issueKey' in scope) return `i:${scope.issueKey}`;
  return 'global';
}

export async function hasPermission(jira: JiraClient, accountId: string, permission: string, scope: Scope, freshness: Freshness, now = Date.now()): Promise<boolean> {
  const key = `${getAppContext().installationAri.toString()}|${accountId}|${permission}|${scopeKey(scope)}`;
  const hit = cache.get(key);
  if (freshness === 'display' && hit && now - hit.at < TTL_MS) return hit.value;
  const answer = await jira.myPermissions([permission], scope);
  const value = answer[permission] === true;
  cache.set(key, { at: now, value });
  return value;
}

/** Jira admins, or admins of the project. */
export async function canAdministerProject(jira: JiraClient, accountId: string, projectKey: string, freshness: Freshness): Promise<boolean> {
  return (await hasPermission(jira, accountId, 'ADMINISTER', {}, freshness)) || hasPermission(jira, accountId, 'ADMINISTER_PROJECTS', { projectKey }, freshness);
}

/** For tests that change a user's rights mid-run. */
export function forgetPermissions(): void {
  cache.clear();
}

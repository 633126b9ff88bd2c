import type { JiraClient } from '../jira/client';

/**
 * Server-side authorisation, always asked of Jira as the caller. Answers are cached per (user, permission, scope) for
 * a minute: a panel makes several checks per load, and each costs rate-limit points.
 */

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: boolean }>();

export type Scope = { projectKey: string } | { issueKey: string } | Record<string, never>;

function scopeKey(scope: Scope): string {
  if ('projectKey' in scope) return `p:${scope.projectKey}`;
  if ('issueKey' in scope) return `i:${scope.issueKey}`;
  return 'global';
}

export async function hasPermission(jira: JiraClient, accountId: string, permission: string, scope: Scope, now = Date.now()): Promise<boolean> {
  const key = `${accountId}|${permission}|${scopeKey(scope)}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const answer = await jira.myPermissions([permission], scope);
  const value = answer[permission] === true;
  cache.set(key, { at: now, value });
  return value;
}

/** Jira admins, or admins of the project. */
export async function canAdministerProject(jira: JiraClient, accountId: string, projectKey: string): Promise<boolean> {
  return (await hasPermission(jira, accountId, 'ADMINISTER', {})) || hasPermission(jira, accountId, 'ADMINISTER_PROJECTS', { projectKey });
}

/** For tests that change a user's rights mid-run. */
export function forgetPermissions(): void {
  cache.clear();
}

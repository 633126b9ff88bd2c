import { getAppContext } from '@forge/api';
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';

/**
 * Server-side authorisation, always asked of Jira as the caller. For what a screen shows ('display': buttons, who may
 * see a page) answers are cached per (site, user, permission, scope) for a minute: a panel makes several checks per
 * load, and each costs rate-limit points. Writes and exports ('fresh') always ask Jira now, so rights Jira has revoked
 * stop working at once; their answer refreshes the cache. The installation is part of the key because a warm Forge
 * process serves every site the app is installed on, and an account id is the same person on all of them: an admin
 * of one site is not an admin of the next.
 *
 * When Jira refuses the check itself for the app's points quota (the hourly wall), a 'display' check of an admin right
 * (Jira or project admin) answers from the last grant Jira gave the person (kept in the installation's storage for a
 * day, forgotten at the first answer "no"), so an admin can still open the settings page and read why the app is
 * stopped and when it resumes; with no such grant the answer is no. A 'fresh' check at the wall fails as RATE_LIMITED
 * with the time it clears: nothing is written on an unconfirmed right.
 */

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: boolean }>();
/** The rights the settings page (and its points usage) is shown on: the only grants kept for the wall. */
const KEPT_FOR_THE_WALL = new Set(['ADMINISTER', 'ADMINISTER_PROJECTS']);
/** How long a grant may stand in for Jira's answer at the wall: longer than the wall (an hour), short for a right. */
const GRANT_KEPT = { value: 1, unit: 'DAYS' } as const;
/** Every kept grant's key begins with this. */
export const GRANT_PREFIX = 'permission-grant:';
const grantKey = (accountId: string, permission: string, scope: Scope): string => `${GRANT_PREFIX}${accountId}:${permission}:${scopeKey(scope)}`;
const grantSchema = z.object({ at: z.number() });

/** Jira's answer for display at the wall: the person's kept grant, if any. */
async function keptGrant(accountId: string, permission: string, scope: Scope): Promise<boolean> {
  return grantSchema.safeParse(await kvs.get<unknown>(grantKey(accountId, permission, scope))).success;
}

/** Keeps a grant for the wall, and forgets it as soon as Jira says no. */
async function keepAnswer(accountId: string, permission: string, scope: Scope, value: boolean, now: number): Promise<void> {
  if (value) await kvs.set(grantKey(accountId, permission, scope), { at: now }, { ttl: GRANT_KEPT });
  else await kvs.delete(grantKey(accountId, permission, scope));
}

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
  let answer: Record<string, boolean>;
  try {
    answer = await jira.myPermissions([permission], scope);
  } catch (e) {
    if (freshness === 'display' && KEPT_FOR_THE_WALL.has(permission) && e instanceof JiraError && e.code === 'RATE_LIMITED') return keptGrant(accountId, permission, scope);
    throw e;
  }
  const value = answer[permission] === true;
  if (KEPT_FOR_THE_WALL.has(permission) && (hit?.value !== value || now - hit.at >= TTL_MS)) await keepAnswer(accountId, permission, scope, value, now);
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

import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { JiraClient } from '../jira/client';
import { JiraError } from '../jira/http';

/**
 * Server-side authorisation, always asked of Jira as the caller. For what a screen shows ('display': buttons, who may
 * see a page or a board) a yes or no Jira gave the caller is kept in the installation's storage for ten minutes
 * (`displayAnswer`): a view makes several checks per load, each costs rate-limit points, and a warm Forge process is
 * not guaranteed, so a repeat view by the same person within the ten minutes asks Jira nothing. A right Jira revoked
 * may still show for up to ten minutes, never longer; a "no" is kept as a "no". Writes and exports ('fresh') always
 * ask Jira now, so rights Jira has revoked stop working at once; their answer refreshes what display keeps. Storage
 * is per installation, so an admin of one site is never taken for an admin of the next.
 *
 * When Jira refuses the check itself for the app's points quota (the hourly wall), a 'display' check of an admin right
 * (Jira or project admin) answers from the last grant Jira gave the person (kept in the installation's storage for a
 * day, forgotten at the first answer "no"), so an admin can still open the settings page and read why the app is
 * stopped and when it resumes; with no such grant the answer is no. A 'fresh' check at the wall fails as RATE_LIMITED
 * with the time it clears: nothing is written on an unconfirmed right.
 */

/** How long a display answer stands: a revoked right may show (never work) for at most this long. */
const DISPLAY_KEPT = { value: 10, unit: 'MINUTES' } as const;
const DISPLAY_KEPT_MS = 10 * 60_000;
/** Every kept display answer's key begins with this. */
export const ANSWER_PREFIX = 'display-answer:';
const answerSchema = z.object({ at: z.number(), value: z.boolean() });
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

/**
 * Jira's yes or no to the caller about `subject` (a permission in a scope, whether they may see a board): for
 * 'display' the answer kept within ten minutes, else `ask()` now, kept for the next display.
 */
export async function displayAnswer(accountId: string, subject: string, freshness: Freshness, ask: () => Promise<boolean>, now = Date.now()): Promise<boolean> {
  const key = `${ANSWER_PREFIX}${accountId}:${subject}`;
  if (freshness === 'display') {
    const kept = answerSchema.safeParse(await kvs.get<unknown>(key));
    if (kept.success && now - kept.data.at < DISPLAY_KEPT_MS) return kept.data.value;
  }
  const value = await ask();
  await kvs.set(key, { at: now, value }, { ttl: DISPLAY_KEPT });
  return value;
}

export async function hasPermission(jira: JiraClient, accountId: string, permission: string, scope: Scope, freshness: Freshness, now = Date.now()): Promise<boolean> {
  return displayAnswer(
    accountId,
    `${permission}:${scopeKey(scope)}`,
    freshness,
    async () => {
      let answer: Record<string, boolean>;
      try {
        answer = await jira.myPermissions([permission], scope);
      } catch (e) {
        if (freshness === 'display' && KEPT_FOR_THE_WALL.has(permission) && e instanceof JiraError && e.code === 'RATE_LIMITED') return keptGrant(accountId, permission, scope);
        throw e;
      }
      const value = answer[permission] === true;
      if (KEPT_FOR_THE_WALL.has(permission)) await keepAnswer(accountId, permission, scope, value, now);
      return value;
    },
    now,
  );
}

/** Jira admins, or admins of the project. */
export async function canAdministerProject(jira: JiraClient, accountId: string, projectKey: string, freshness: Freshness): Promise<boolean> {
  return (await hasPermission(jira, accountId, 'ADMINISTER', {}, freshness)) || hasPermission(jira, accountId, 'ADMINISTER_PROJECTS', { projectKey }, freshness);
}


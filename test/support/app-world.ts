import { kvs } from '@forge/kvs';
import { startAppHost, type AppHost, type AppHostOptions, type Caller } from '../../dev/app-host';
import { ADMIN_ACCOUNT_ID, type Site } from '../../dev/jira/site';
import type { Issue } from '../../dev/jira/site-model';
import { ANSWER_PREFIX, GRANT_PREFIX } from '../../src/services/permissions';
import { LEDGER_PREFIX } from '../../src/storage/points-ledger';

/** Ana on the admin page: the caller that changes global settings in a test's setup. */
export const adminPage: Caller = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };

/**
 * One app host per test (the demo site, or the site given, with the host options given), closed after the test;
 * permission answers live in its storage, so none is carried over from one test to the next.
 */
export function appWorld(): { start(site?: Site, options?: Omit<AppHostOptions, 'jira'>): Promise<AppHost> } {
  let host: AppHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });
  return {
    start: async (site, options = {}) => {
      host = await startAppHost({ ...options, ...(site ? { jira: { site } } : {}) });
      return host;
    },
  };
}

/** Saves global settings as Ana from the revision in force, then lets the backfill the save queues finish. */
export async function saveGlobal(h: AppHost, settings: Record<string, unknown>): Promise<void> {
  const current = await h.resolve('settings-resolver', 'settings/get', { level: 'global' }, adminPage);
  const revision = (current as { data: { revision: number } }).data.revision;
  const saved = await h.resolve('settings-resolver', 'settings/save', { level: 'global', expectedRevision: revision, settings }, adminPage);
  expect(saved).toMatchObject({ ok: true });
  expect((await h.forge.drainQueues()).failed).toEqual([]);
}

/** Every plain key and value in the app's storage, read through @forge/kvs inside an invocation, as the app would. */
export async function storedValues(h: AppHost): Promise<Record<string, unknown>> {
  return h.forge.invoke(
    async () => {
      const out: Record<string, unknown> = {};
      let cursor: string | undefined;
      do {
        let query = kvs.query().limit(100);
        if (cursor) query = query.cursor(cursor);
        const page = await query.getMany<unknown>();
        for (const r of page.results) out[r.key] = r.value;
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    },
    {},
    { kind: 'trigger', principal: null, functionKey: 'test-storage-dump' },
  );
}

/**
 * What the app stores of the site's data: every stored value but the points ledger, which rightly counts the Jira
 * calls of refused requests too (their permission checks), and the kept permission grants, which a refusal rightly
 * forgets; "nothing written" is checked against this.
 */
export async function storedAppData(h: AppHost): Promise<Record<string, unknown>> {
  return Object.fromEntries(Object.entries(await storedValues(h)).filter(([key]) => !key.startsWith(LEDGER_PREFIX) && !key.startsWith(GRANT_PREFIX) && !key.startsWith(ANSWER_PREFIX)));
}

/** The permission answers kept for display, forgotten as if their ten minutes had passed. */
export async function forgetDisplayAnswers(h: AppHost): Promise<void> {
  const kept = Object.keys(await storedValues(h)).filter((key) => key.startsWith(ANSWER_PREFIX));
  await h.forge.invoke(
    async () => {
      await Promise.all(kept.map((key) => kvs.delete(key)));
    },
    {},
    { kind: 'trigger', principal: null, functionKey: 'test-forget-answers' },
  );
}

/** What Jira passes the issue panel's dynamicProperties function for `issue` (the issue context module's payload). */
export function lozengeEvent(h: AppHost, issue: Issue) {
  return { cloudId: h.forge.identity.cloudId, extension: { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key, type: 'Task', typeId: issue.issueTypeId }, project: { id: '10000', key: issue.projectKey, type: 'software' } } };
}

import { startAppHost, type AppHost, type Caller } from '../../dev/app-host';
import type { LocalForgeOptions } from '../../dev/runtime';
import { ADMIN_ACCOUNT_ID, type Site } from '../../dev/jira/site';
import { forgetPermissions } from '../../src/services/permissions';

/** Ana on the admin page: the caller that changes global settings in a test's setup. */
export const adminPage: Caller = { accountId: ADMIN_ACCOUNT_ID, extension: { type: 'jira:adminPage' } };

/**
 * One app host per test (the demo site, or the site given), closed after the test; permission answers are not
 * carried over from one test to the next.
 */
export function appWorld(): { start(site?: Site, options?: { queue?: LocalForgeOptions['queue'] }): Promise<AppHost> } {
  let host: AppHost | undefined;
  beforeEach(() => forgetPermissions());
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });
  return {
    start: async (site, options = {}) => {
      host = await startAppHost({ ...(site ? { jira: { site } } : {}), ...options });
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

import type { AppHost, Caller } from '../dev/app-host';
import { viewerJira } from '../dev/viewer-jira';
import { envelopeSchema } from '../src/contracts/envelope';
import { capacityLoadSchema, type CapacityLoad } from '../src/contracts/resolvers';
import type { JiraClient } from '../src/jira/client';
import { askEarly, type EarlyReads } from '../src/reader/views';
import { measured, type Measured } from './measure';

/**
 * A view as the browser takes it, without a browser: the surface's one load invoke through the local Forge runtime
 * (the board's configuration, and the context's sprint with its issue ids, read beside it, as src/frontend/api/capacity.ts does), then the reader over the viewer's requester (what the local host's requestJira does, with the browser's retry
 * policy) and the domain. Measured as bench/measure.ts does, plus the points the frontend reads would cost if
 * Atlassian charged bridge calls after all.
 */

export interface ViewMeasured<T> extends Measured<T> {
  /** Points the viewer's reads would cost, were frontend calls charged (they are not). */
  frontendPoints: number;
}

export async function measuredView<T>(host: AppHost, caller: Caller & { accountId: string; extension: { board: { id: number }; sprint?: { id: number } } }, latencyMs: number, read: (jira: JiraClient, load: CapacityLoad, early: EarlyReads) => Promise<T>): Promise<ViewMeasured<T>> {
  const app = host.forge.identity.appId;
  const before = host.jira.points.frontendPointsOf(app);
  const run = await measured(host, caller.accountId, latencyMs, async () => {
    const jira = viewerJira(host.jira, caller.accountId, app);
    const early = askEarly(jira, caller.extension.board.id, caller.extension.sprint?.id ?? null);
    const load = envelopeSchema(capacityLoadSchema).parse(await host.resolve('capacity-resolver', 'capacity/load', {}, caller));
    if (!load.ok) throw new Error(`capacity/load failed: ${load.error.code} ${load.error.message}`);
    return read(jira, load.data, early);
  });
  return { ...run, frontendPoints: host.jira.points.frontendPointsOf(app) - before };
}

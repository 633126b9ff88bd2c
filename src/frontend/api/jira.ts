import { requestJira } from '@forge/bridge';
import { GET_JSON } from '../../jira/board-reads';
import { JiraClient } from '../../jira/client';
import { viewerPolicy, type Requester } from '../../jira/http';

/**
 * Jira as the viewer, from the browser: @forge/bridge `requestJira` as the client's transport. Jira applies the
 * viewer's own permissions, and (Atlassian staff, 1 April 2026) these calls are not charged to the app's points quota.
 * The bridge cannot carry an AbortSignal, so it is left out; the client's deadline races every wait instead.
 * `ahead` holds reads the surface's entry asked before this code loaded (early.ts): a read by one of their paths
 * takes that answer, once, instead of asking again.
 */
function bridge(ahead: ReadonlyMap<string, Promise<Response>>): Requester {
  const waiting = new Map(ahead);
  return {
    requestJira: (path, { signal: _signal, ...init }) => {
      const asked = init.method === GET_JSON.method && init.body === undefined ? waiting.get(path.value) : undefined;
      if (asked === undefined) return requestJira(path.value, init);
      waiting.delete(path.value);
      return asked;
    },
  };
}

/** One client per view load: its retry policy's clock starts now. */
export function viewerJira(ahead: ReadonlyMap<string, Promise<Response>> = new Map()): JiraClient {
  return new JiraClient(bridge(ahead), viewerPolicy());
}

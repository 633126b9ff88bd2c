import { JiraClient } from '../src/jira/client';
import { viewerPolicy, type Requester } from '../src/jira/http';
import type { JiraServer } from './jira/server';

/**
 * A surface's Jira, outside a browser: the app's client over HTTP to the Jira-compatible server as `accountId`,
 * metered as the app's frontend requests, with the browser's retry policy. It is what the local host's requestJira
 * does for a framed surface (dev/host/local-host.ts), for integration tests and node benches of the views' reads.
 */
export function viewerJira(jira: Pick<JiraServer, 'url' | 'authorizationFor'>, accountId: string, appId: string, loadMs?: number): JiraClient {
  const authorization = jira.authorizationFor(accountId, appId, 'frontend');
  const requester: Requester = {
    requestJira: (path, { signal, headers, ...init }) => fetch(`${jira.url}${path.value}`, { ...init, ...(signal ? { signal } : {}), headers: { ...headers, authorization } }),
  };
  return new JiraClient(requester, viewerPolicy(loadMs));
}

import { requestJira } from '@forge/bridge';
import { JiraClient } from '../../jira/client';
import { viewerPolicy, type Requester } from '../../jira/http';

/**
 * Jira as the viewer, from the browser: @forge/bridge `requestJira` as the client's transport. Jira applies the
 * viewer's own permissions, and (Atlassian staff, 1 April 2026) these calls are not charged to the app's points quota.
 * The bridge cannot carry an AbortSignal, so it is left out; the client's deadline races every wait instead.
 */
const bridge: Requester = {
  requestJira: (path, { signal: _signal, ...init }) => requestJira(path.value, init),
};

/** One client per view load: its retry policy's clock starts now. */
export function viewerJira(): JiraClient {
  return new JiraClient(bridge, viewerPolicy());
}

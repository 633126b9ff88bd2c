import { asApp, asUser, assumeTrustedRoute, getAppContext } from '@forge/api';
import { JiraClient } from '../jira/client';
import { DEFAULT_RETRY, type Requester, type RetryPolicy } from '../jira/http';
import type { JiraPath } from '../jira/path';
import { currentMeter } from './meter-context';

/**
 * Jira clients bound to this invocation: as the user for what a person asked to change or check (Jira then hides what
 * they cannot browse), as the app only for triggers and background work. Retries stop short of the invocation's
 * deadline; every call counts into the invocation's points meter (metering.ts).
 */

function policy(): RetryPolicy {
  const meter = currentMeter();
  return { ...DEFAULT_RETRY, remainingMs: () => getAppContext().invocationRemainingTimeInMillis(), ...(meter ? { meter } : {}) };
}

/**
 * @forge/api as the client's transport. The path was built (and its parts encoded and checked) by `jiraPath`, which
 * dev/lint/scopes.ts reads, so it is handed to Forge as a trusted route here and only here.
 */
function forgeRequester(api: Pick<ReturnType<typeof asApp>, 'requestJira'>): Requester {
  return { requestJira: (path: JiraPath, init) => api.requestJira(assumeTrustedRoute(path.value), init) };
}

export function userJira(): JiraClient {
  return new JiraClient(forgeRequester(asUser()), policy());
}

export function appJira(): JiraClient {
  return new JiraClient(forgeRequester(asApp()), policy());
}

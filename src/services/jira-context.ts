import { asApp, asUser, getAppContext } from '@forge/api';
import { JiraClient } from '../jira/client';
import { DEFAULT_RETRY, type RetryPolicy } from '../jira/http';
import { currentMeter } from './meter-context';

/**
 * Jira clients bound to this invocation: as the user for anything a person asked to see (Jira then hides what they
 * cannot browse), as the app only for triggers and background work. Retries stop short of the invocation's deadline;
 * every call counts into the invocation's points meter (metering.ts).
 */

function policy(): RetryPolicy {
  const meter = currentMeter();
  return { ...DEFAULT_RETRY, remainingMs: () => getAppContext().invocationRemainingTimeInMillis(), ...(meter ? { meter } : {}) };
}

export function userJira(): JiraClient {
  return new JiraClient(asUser(), policy());
}

export function appJira(): JiraClient {
  return new JiraClient(asApp(), policy());
}

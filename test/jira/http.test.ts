import { JiraError, RETRY_ROOM_MS, send, viewerPolicy, type Requester } from '../../src/jira/http';
import { jiraPath } from '../../src/jira/path';

/**
 * The retry policy's waits against a scripted Jira and a scripted clock: a wait is made only when the retry after it
 * still has time to be answered. The integration tests (test/integration/faults.test.ts) run the same code in real time.
 */

/** A view load's policy on a clock that moves only when the policy sleeps. */
function clocked(loadMs: number) {
  let now = 1_800_000_000_000;
  const slept: number[] = [];
  const policy = {
    ...viewerPolicy(loadMs, () => now),
    sleep: (ms: number) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  return { policy, slept, now: () => now };
}

/** Jira refusing the first `refusals` requests with 429 and Retry-After, then answering. */
function limited(retryAfterSeconds: number, refusals: number): { requester: Requester; sent: () => number } {
  let sent = 0;
  return {
    requester: {
      requestJira: () => {
        sent += 1;
        return Promise.resolve(
          sent <= refusals ? new Response('{}', { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } }) : new Response('{"ok":true}', { status: 200, headers: { 'content-type': 'application/json' } }),
        );
      },
    },
    sent: () => sent,
  };
}

const PATH = jiraPath`/rest/agile/1.0/board/${1}/configuration`;

it('waits out a Retry-After that leaves the retry time to be answered, and answers', async () => {
  const { policy, slept } = clocked(10_000);
  const jira = limited(2, 1);
  const answer = await send(jira.requester, PATH, { method: 'GET' }, policy);
  expect(answer.status).toBe(200);
  expect(slept).toEqual([2_000]);
  expect(jira.sent()).toBe(2);
});

it('a Retry-After that fits in the time left but leaves none for the retry is RATE_LIMITED at once, saying when to retry', async () => {
  // 2 s asked; after them the load would have less than a retry's room left (beyond what it keeps free at its end).
  const { policy, slept, now } = clocked(2_000 + viewerPolicy().reserveMs + RETRY_ROOM_MS - 1);
  const jira = limited(2, 1);
  const error = await send(jira.requester, PATH, { method: 'GET' }, policy).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JiraError);
  expect(error).toMatchObject({ code: 'RATE_LIMITED', clearsAt: new Date(now() + 2_000).toISOString() });
  expect(slept).toEqual([]);
  expect(jira.sent()).toBe(1);
});

import { z } from 'zod';
import { JiraClient } from '../../src/jira/client';
import { DEFAULT_RETRY, type JiraRequestInit, type Requester } from '../../src/jira/http';
import type { JiraPath } from '../../src/jira/path';

/**
 * The client's paging against a scripted Jira (the Requester seam, not @forge/api): token walks of the enhanced
 * lists, refused tokens, and bulk fetches in chunks and in order. The integration tests run the same code against
 * the Jira-compatible server; these pin the edge cases that server never produces on its own.
 */

interface Sent {
  path: string;
  query: URLSearchParams;
  body: unknown;
}

function scripted(answer: (sent: Sent) => { status?: number; body: unknown }): { requester: Requester; sent: Sent[]; maxInFlight: () => number } {
  const sent: Sent[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const requester: Requester = {
    async requestJira(route: JiraPath, init: JiraRequestInit) {
      const [path = '', query = ''] = route.value.split('?');
      const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
      const request = { path, query: new URLSearchParams(query), body };
      sent.push(request);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      const { status = 200, body: reply } = answer(request);
      return new Response(JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } });
    },
  };
  return { requester, sent, maxInFlight: () => maxInFlight };
}

const client = (requester: Requester) => new JiraClient(requester, { ...DEFAULT_RETRY, remainingMs: () => 60_000, sleep: () => Promise.resolve() });
const issue = (id: number) => ({ id: String(id), key: `OPS-${id}` });
const bulkBody = z.object({ issueIdsOrKeys: z.array(z.string()) });
const searchBody = z.object({ maxResults: z.number(), nextPageToken: z.string().optional() });

/** A list of `count` issues served `size` a page, with tokens naming the offset. */
function pages(count: number, size: number) {
  return (sent: Sent) => {
    const offset = Number(sent.query.get('nextPageToken') ?? '0');
    const ids = Array.from({ length: Math.min(size, count - offset) }, (_, i) => offset + i + 1);
    const last = offset + ids.length >= count;
    return { body: { issues: ids.map(issue), isLast: last, ...(last ? {} : { nextPageToken: String(offset + ids.length) }) } };
  };
}

describe('enhanced issue lists', () => {
  it('walk every token at the documented maximum page, the same query and reconcileIssues on every page', async () => {
    const jira = scripted(pages(7, 3));
    const ids = await client(jira.requester).sprintIssueIds(1, 43, { reconcile: ['12', '12', 'OPS-9', ...Array.from({ length: 60 }, (_, i) => String(100 + i))] });
    expect(ids).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(jira.sent.map((s) => s.path)).toEqual(Array(3).fill('/rest/software/1.0/board/1/sprint/43/issue'));
    expect(jira.sent.map((s) => s.query.get('nextPageToken'))).toEqual([null, '3', '6']);
    for (const { query } of jira.sent) {
      expect(query.get('fields')).toBe('id');
      expect(query.get('maxResults')).toBe('5000');
      expect(query.has('startAt')).toBe(false);
      // Numeric ids only, each once, at most 50.
      const reconcile = query.getAll('reconcileIssues');
      expect(reconcile).toHaveLength(50);
      expect(reconcile.slice(0, 2)).toEqual(['12', '100']);
    }
  });

  it('end on a page without a token even when isLast is not said, and on isLast even with a token', async () => {
    const noToken = scripted(() => ({ body: { issues: [issue(1)] } }));
    expect(await client(noToken.requester).boardIssueIds(2)).toEqual(['1']);
    const last = scripted(() => ({ body: { issues: [issue(1)], isLast: true, nextPageToken: 'more' } }));
    expect(await client(last.requester).boardIssues(2, ['summary'], { jql: 'statusCategory = Done' })).toEqual([issue(1)]);
    expect(last.sent[0]?.query.get('jql')).toBe('statusCategory = Done');
    expect(last.sent[0]?.query.get('fields')).toBe('summary');
  });

  it('a token handed out twice is an error, not an endless walk', async () => {
    const loop = scripted(() => ({ body: { issues: [issue(1)], isLast: false, nextPageToken: 'again' } }));
    await expect(client(loop.requester).sprintIssueIds(1, 43)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
    expect(loop.sent).toHaveLength(2);
  });

  it('a refused token starts the walk over once, and a second refusal is JIRA_UNAVAILABLE; never a gap or a page twice', async () => {
    let refusals = 1;
    const list = pages(5, 2);
    const refuse = (sent: Sent) => {
      if (sent.query.get('nextPageToken') === '4' && refusals > 0) {
        refusals -= 1;
        return { status: 400, body: { errorMessages: ['The provided next page token is invalid or expired.'] } };
      }
      return list(sent);
    };
    const once = scripted(refuse);
    expect(await client(once.requester).sprintIssueIds(1, 43)).toEqual(['1', '2', '3', '4', '5']);
    expect(once.sent.map((s) => s.query.get('nextPageToken'))).toEqual([null, '2', '4', null, '2', '4']);
    refusals = 2;
    const twice = scripted(refuse);
    await expect(client(twice.requester).sprintIssueIds(1, 43)).rejects.toMatchObject({ code: 'JIRA_UNAVAILABLE', message: expect.stringContaining('refused its own page token again') });
    // A refused first page is a refused request, not a token to renew.
    const bad = scripted(() => ({ status: 400, body: { errorMessages: ['bad jql'] } }));
    await expect(client(bad.requester).boardIssueIds(2, { jql: 'nonsense' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(bad.sent).toHaveLength(1);
  });
});

describe('issue bulk fetch', () => {
  it('reads 100 issues a call, at most ten calls at once, and answers in the order asked, without the issues Jira left out', async () => {
    const jira = scripted((sent) => {
      const asked = bulkBody.parse(sent.body).issueIdsOrKeys;
      // Ascending id order, as Jira answers; issue 7 no longer exists.
      return { body: { issues: asked.map(Number).filter((id) => id !== 7).sort((a, b) => a - b).map(issue) } };
    });
    const ids = Array.from({ length: 1234 }, (_, i) => String(2000 - i));
    ids.push('7');
    const pages: string[][] = [];
    const sentWhenSeen: number[] = [];
    const got = await client(jira.requester).issuesById(ids, ['summary', 'labels'], (page) => {
      pages.push(page.map((i) => i.id));
      sentWhenSeen.push(jira.sent.length);
    });
    expect(got.map((i) => i.id)).toEqual(ids.filter((id) => id !== '7'));
    // Each call's issues once, in Jira's order within its call; none before the last call was sent (it would hold it).
    expect(pages).toHaveLength(13);
    expect(pages.flat().sort()).toEqual(got.map((i) => i.id).sort());
    expect(sentWhenSeen.every((n) => n === 13)).toBe(true);
    expect(jira.sent).toHaveLength(13);
    expect(jira.sent.every((s) => s.path === '/rest/api/3/issue/bulkfetch')).toBe(true);
    expect(jira.sent.map((s) => bulkBody.parse(s.body).issueIdsOrKeys.length)).toEqual([...Array(12).fill(100), 35]);
    expect(jira.sent[0]?.body).toMatchObject({ fields: ['summary', 'labels'], fieldsByKeys: false });
    expect(jira.maxInFlight()).toBe(10);
  });

  it('an issue Jira could not serve now fails the read rather than leaving a hole', async () => {
    const jira = scripted(() => ({ body: { issues: [issue(1)], issueErrors: [{ id: '2', errorMessage: 'Retry later' }] } }));
    await expect(client(jira.requester).issuesById(['1', '2'], ['summary'])).rejects.toMatchObject({ code: 'JIRA_UNAVAILABLE', message: expect.stringContaining('2: Retry later') });
  });
});

describe('changelog bulk fetch', () => {
  const changelogBody = z.object({ issueIdsOrKeys: z.array(z.string()), fieldIds: z.array(z.string()), maxResults: z.number() });
  const history = (id: string) => ({ issueId: id, changeHistories: [{ id: `h${id}`, created: '2026-11-20T09:00:00.000+0000', items: [{ field: 'Sprint', fieldId: 'customfield_10020', from: null, fromString: null, to: '100', toString: 'Sprint 100' }] }] });
  const jira = () => scripted((sent) => ({ body: { issueChangeLogs: changelogBody.parse(sent.body).issueIdsOrKeys.map(history) } }));
  const ids = (n: number) => Array.from({ length: n }, (_, i) => String(10_000 + i));

  it('asks 1,000 issues a call, or, spread for a reader that waits, as many calls as go at once (at least 100 issues each), with the same histories', async () => {
    const whole = jira();
    const spread = jira();
    const one = await client(whole.requester).changelogs(ids(1000), ['customfield_10020']);
    const four = await client(spread.requester).changelogs(ids(1000), ['customfield_10020'], true);
    expect(whole.sent.map((s) => changelogBody.parse(s.body).issueIdsOrKeys.length)).toEqual([1000]);
    expect(spread.sent.map((s) => changelogBody.parse(s.body).issueIdsOrKeys.length)).toEqual([250, 250, 250, 250]);
    expect(spread.maxInFlight()).toBe(4);
    expect([...four]).toEqual([...one]);
    expect(one.size).toBe(1000);
  });

  it('spreads no further than 100 issues a call, and no wider than 1,000', async () => {
    const small = jira();
    await client(small.requester).changelogs(ids(150), ['customfield_10020'], true);
    expect(small.sent.map((s) => changelogBody.parse(s.body).issueIdsOrKeys.length)).toEqual([100, 50]);
    const large = jira();
    await client(large.requester).changelogs(ids(4500), ['customfield_10020'], true);
    expect(large.sent.map((s) => changelogBody.parse(s.body).issueIdsOrKeys.length)).toEqual([1000, 1000, 1000, 1000, 500]);
  });
});

describe('search', () => {
  it('asks the documented maximum or what the limit leaves, and stops at the limit', async () => {
    const jira = scripted((sent) => {
      const body = searchBody.parse(sent.body);
      const offset = Number(body.nextPageToken ?? '0');
      return { body: { issues: Array.from({ length: Math.min(body.maxResults, 40) }, (_, i) => issue(offset + i + 1)), nextPageToken: String(offset + 40) } };
    });
    const found = await client(jira.requester).search('project = OPS', ['summary'], { limit: 70, reconcile: ['5'] });
    expect(found.issues).toHaveLength(70);
    expect(jira.sent.map((s) => s.body)).toMatchObject([
      { maxResults: 70, reconcileIssues: [5] },
      { maxResults: 30, reconcileIssues: [5], nextPageToken: '40' },
    ]);
    const unlimited = scripted(() => ({ body: { issues: [issue(1)], isLast: true } }));
    await client(unlimited.requester).search('project = OPS', ['key']);
    expect(unlimited.sent[0]?.body).toEqual({ jql: 'project = OPS', fields: ['key'], maxResults: 5000 });
  });
});

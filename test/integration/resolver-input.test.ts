import { ADMIN_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import type { ResolverHandler } from '../../dev/runtime';
import { capacityHandler, issuePanelHandler, settingsHandler } from '../../src/index';
import { adminPage, appWorld, storedValues } from '../support/app-world';

/**
 * What a surface can send that is not one of the app's calls: keys the SDK would look up on Object.prototype, ids
 * outside their real shape, payloads nested deep enough to overflow a recursive walk. Each is a clear envelope, never
 * INTERNAL, never a platform error, and nothing is read from Jira or written.
 */

const world = appWorld();

/** Each surface's resolver function, with keys that belong to the other surfaces. */
const SURFACES = {
  'issue-panel-resolver': ['capacity/load', 'settings/get'],
  'capacity-resolver': ['issue/load', 'settings/get'],
  'settings-resolver': ['issue/load', 'capacity/load'],
} as const;
const FOREIGN_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf', 'prototype', '', 'issue/load/'];

it.each(Object.entries(SURFACES))('%s answers NOT_FOUND to keys that are not its own, before the SDK looks them up', async (surface, others) => {
  const h = await world.start();
  const issue = findIssue(h.jira.site, 'OPS-113');
  const extension = { type: 'jira:issueContext', issue: { id: issue?.id, key: 'OPS-113' }, project: { key: 'OPS' } };
  const before = await storedValues(h);
  for (const key of [...FOREIGN_KEYS, ...others]) {
    const answer = await h.resolve(surface, key, {}, { accountId: ADMIN_ACCOUNT_ID, extension });
    expect({ key, answer }).toEqual({ key, answer: { ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } } });
    expect(JSON.stringify(answer)).not.toContain(h.forge.identity.installationId);
  }
  expect(h.jira.requests.count()).toBe(0);
  expect(await storedValues(h)).toEqual(before);
});

it('a bulk job id outside its shape is INVALID_INPUT naming jobId, in the sentence and as a field', async () => {
  const h = await world.start();
  for (const [key, jobId] of [
    ['settings/resumeBulk', 'job/1'],
    ['settings/resumeBulk', 'a b$c'],
    ['settings/bulkStatus', 'é'],
    ['settings/bulkStatus', '../latest'],
  ] as const) {
    const answer = await h.resolve('settings-resolver', key, { jobId }, adminPage);
    expect({ key, jobId, answer }).toEqual({
      key,
      jobId,
      answer: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^jobId: /), fields: [{ path: ['jobId'], code: 'BAD_FORMAT', message: expect.any(String) }] } },
    });
  }
});

it('context ids outside their shape are INVALID_INPUT naming the field, before Jira or storage is asked', async () => {
  const h = await world.start();
  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['issue-panel-resolver', 'issue/load', { issue: { id: '10001 OR id > 0', key: 'OPS-1' } }, /context\.extension\.issue\.id/],
    ['issue-panel-resolver', 'issue/setOverride', { issue: { id: '10001', key: 'ops 1' } }, /context\.extension\.issue\.key/],
    ['capacity-resolver', 'capacity/load', { project: { key: 'OPS) OR (1=1' } }, /context\.extension\.project\.key/],
    ['capacity-resolver', 'capacity/load', { board: { id: '1/2' }, sprint: { id: 43 } }, /context\.extension\.board\.id/],
    ['capacity-resolver', 'capacity/load', { board: { id: 1 }, sprint: { id: -4 } }, /context\.extension\.sprint\.id/],
  ];
  for (const [surface, key, extension, field] of cases) {
    const payload = key === 'issue/setOverride' ? { category: 'KTLO' } : {};
    const answer = await h.resolve(surface, key, payload, { accountId: ADMIN_ACCOUNT_ID, extension });
    expect({ key, answer }).toEqual({ key, answer: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(field) } } });
  }
  expect(h.jira.requests.count()).toBe(0);
});

it('a deeply nested payload well under the size limit is INVALID_INPUT, not a stack overflow', async () => {
  const h = await world.start();
  const depth = 20_000;
  // The platform hands the function the payload it parsed (JSON.parse does not recurse), so the event is built here
  // as the platform delivers it rather than sent through invokeResolver's serialising wire.
  const nested: unknown = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
  const calls: [ResolverHandler, string, Record<string, unknown>][] = [
    [settingsHandler, 'settings/save', { level: 'global', expectedRevision: 0, settings: { enabledProjects: nested } }],
    [issuePanelHandler, 'issue/setOverride', { category: nested }],
    [capacityHandler, 'capacity/load', { boardId: nested }],
  ];
  const before = await storedValues(h);
  for (const [handler, functionKey, payload] of calls) {
    const event = { call: { functionKey, payload }, context: { moduleKey: 'ktlo-settings', extension: adminPage.extension, localId: 'deep' } };
    const answer = await h.forge.invoke(handler, event, { kind: 'resolver', principal: { accountId: ADMIN_ACCOUNT_ID }, functionKey });
    expect({ functionKey, answer }).toEqual({ functionKey, answer: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^payload: nested deeper than \d+ levels/) } } });
  }
  expect(await storedValues(h)).toEqual(before);
});

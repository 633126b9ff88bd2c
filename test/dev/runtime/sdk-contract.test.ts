import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { __getRuntime, asApp, asUser, getAppContext, NeedsAuthenticationError, route } from '@forge/api';
import { type AsyncEvent, Queue } from '@forge/events';
import type * as KvsModule from '@forge/kvs';
import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { LocalForge } from '../../../dev/runtime';
import { basic, type JiraStub, startJiraStub } from './jira-stub-server';

/**
 * The seam between the app and Forge's cloud is two globals the SDK calls. These tests pin down how the pinned SDK
 * versions call them (targets, paths, bodies, the headers they read back); after an upgrade they fail here first,
 * naming what moved, before any feature test fails in a puzzling way.
 */

const ROOT = join(__dirname, '../../..');
const SDK = ['@forge/api', '@forge/kvs', '@forge/events', '@forge/resolver'] as const;

interface Call {
  target: unknown;
  path: string;
  method: string | undefined;
  headers: Record<string, string>;
  body: unknown;
}

type ForgeFetch = (target: unknown, path: string, init?: RequestInit) => Promise<Response>;
const isForgeFetch = (value: unknown): value is ForgeFetch => typeof value === 'function';

/** Records every call the SDK makes through `__forge_fetch__`, then lets the local runtime answer it. */
function recordCalls(): { calls: Call[]; restore(): void } {
  const installed: unknown = Reflect.get(globalThis, '__forge_fetch__');
  if (!isForgeFetch(installed)) throw new Error('__forge_fetch__ is not installed');
  const calls: Call[] = [];
  const recorder: ForgeFetch = (target, path, init) => {
    const body = typeof init?.body === 'string' ? parseJson(init.body) : init?.body;
    calls.push({ target, path, method: init?.method, headers: Object.fromEntries(new Headers(init?.headers)), body });
    return installed(target, path, init);
  };
  Reflect.set(globalThis, '__forge_fetch__', recorder);
  return { calls, restore: () => Reflect.set(globalThis, '__forge_fetch__', installed) };
}

function parseJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return value;
}

const readJson = (file: string): unknown => parseJson(readFileSync(file, 'utf8'));
const lastCall = (calls: Call[]): Call => {
  const call = calls[calls.length - 1];
  if (!call) throw new Error('no call recorded');
  return call;
};

describe('pinned Forge SDK', () => {
  it('installs exactly the versions package.json pins, and the pins are exact', () => {
    const pkg = z.object({ dependencies: z.record(z.string(), z.string()) }).parse(readJson(join(ROOT, 'package.json')));
    const installed = Object.fromEntries(SDK.map((name) => [name, z.object({ version: z.string() }).parse(readJson(join(ROOT, 'node_modules', name, 'package.json'))).version]));
    const pinned = Object.fromEntries(SDK.map((name) => [name, pkg.dependencies[name]]));
    expect(installed).toEqual(pinned);
    for (const version of Object.values(pinned)) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('@forge/events calls the same @forge/api the app does (one set of globals, one SDK)', () => {
    const fromEvents = require.resolve('@forge/api', { paths: [join(ROOT, 'node_modules/@forge/events')] });
    expect(fromEvents).toBe(require.resolve('@forge/api'));
  });
});

describe('SDK calls through __forge_fetch__', () => {
  let jira: JiraStub;
  let forge: LocalForge;
  let recording: { calls: Call[]; restore(): void };

  beforeAll(async () => {
    jira = await startJiraStub();
    forge = new LocalForge({
      baseUrl: jira.baseUrl,
      authorization: (p) => (p.kind === 'app' ? basic('app-bot') : basic(p.accountId)),
      entities: [{ name: 'revision', attributes: { level: { type: 'string' }, n: { type: 'integer' } }, indexes: [{ name: 'by-level', range: ['n'], partition: ['level'] }] }],
    }).install();
    recording = recordCalls();
  });

  afterAll(async () => {
    recording.restore();
    forge.dispose();
    await jira.close();
  });

  it('asUser().requestJira: fpp/user/jira target, the invoking user, the route as path, method, headers and body as given', async () => {
    // route`` rejects '/', '?', '#' and '..' in path parameters but does not percent-encode them: the space arrives raw
    // and only fetch encodes it on the way to Jira.
    jira.answer(() => ({ status: 201, headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '7' }, body: '{"id":"10001"}' }));
    const response = await forge.invoke(
      () => asUser().requestJira(route`/rest/api/3/issue/${'KTLO 1'}?fields=${'summary'}`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' }),
      {},
      { kind: 'resolver', principal: { accountId: 'user-1' } },
    );
    expect(lastCall(recording.calls)).toEqual({
      target: { type: 'fpp', provider: 'user', remote: 'jira', accountId: undefined },
      path: '/rest/api/3/issue/KTLO 1?fields=summary',
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: { a: 1 },
    });
    expect([response.status, response.headers.get('x-ratelimit-remaining'), await response.json()]).toEqual([201, '7', { id: '10001' }]);
    expect(jira.requests.at(-1)).toMatchObject({ method: 'PUT', url: '/rest/api/3/issue/KTLO%201?fields=summary', body: '{"a":1}', headers: { authorization: basic('user-1') } });
  });

  it('asUser(accountId) names the user in the target; asApp() has provider app and no account', async () => {
    await forge.invoke(() => asUser('user-2').requestJira(route`/rest/api/3/myself`), {}, { kind: 'trigger' });
    expect(lastCall(recording.calls).target).toEqual({ type: 'fpp', provider: 'user', remote: 'jira', accountId: 'user-2' });
    await forge.invoke(() => asApp().requestJira(route`/rest/api/3/field`), {}, { kind: 'trigger' });
    expect(lastCall(recording.calls).target).toEqual({ type: 'fpp', provider: 'app', remote: 'jira', accountId: undefined });
  });

  it('a forge-proxy-error header is what the SDK turns into its own errors (asUser without a user)', async () => {
    await expect(forge.invoke(() => asUser().requestJira(route`/rest/api/3/myself`), {}, { kind: 'scheduled' })).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });

  it('kvs: target kvs/app/kvs, POST JSON to /api/v1/<operation> with the documented bodies', async () => {
    const from = recording.calls.length;
    await kvs.set('c:1', { a: 1 }, { keyPolicy: 'FAIL_IF_EXISTS' });
    await kvs.get('c:1');
    await kvs.query().where('key', WhereConditions.beginsWith('c:')).limit(5).cursor('eyJrIjoiYzowIn0').getMany();
    await kvs.transact().set('c:2', 2).delete('c:3').execute();
    await kvs.batchGet([{ key: 'c:1' }]);
    await kvs.batchSet([{ key: 'c:4', value: 4 }]);
    await kvs.batchDelete([{ key: 'c:4' }]);
    await kvs.delete('c:2');
    await kvs.setSecret('s:1', 'x');
    await kvs.getSecret('s:1');
    await kvs.deleteSecret('s:1');
    await kvs.entity('revision').set('r1', { level: 'global', n: 1 });
    await kvs.entity('revision').get('r1');
    await kvs.entity('revision').query().index('by-level', { partition: ['global'] }).where(WhereConditions.greaterThan(0)).limit(2).getMany();
    await kvs.transact().check('r1', { entityName: 'revision', conditions: new Filter<{ n: number }>().and('n', FilterConditions.equalTo(1)) }).execute();
    await kvs.entity('revision').delete('r1');
    const calls = recording.calls.slice(from);
    for (const call of calls) {
      expect(call.target).toEqual({ type: 'kvs', provider: 'app', remote: 'kvs' });
      expect([call.method, call.headers['content-type']]).toEqual(['POST', 'application/json']);
    }
    expect(calls.map(({ path, body }) => [path, body])).toEqual([
      ['/api/v1/set', { key: 'c:1', value: { a: 1 }, options: { keyPolicy: 'FAIL_IF_EXISTS' } }],
      ['/api/v1/get', { key: 'c:1' }],
      ['/api/v1/query', { limit: 5, after: 'eyJrIjoiYzowIn0', where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['c:'] }] }],
      ['/api/v1/transaction', { set: [{ key: 'c:2', value: 2 }], delete: [{ key: 'c:3' }] }],
      ['/api/v1/batch/get', [{ key: 'c:1' }]],
      ['/api/v1/batch/set', [{ key: 'c:4', value: 4 }]],
      ['/api/v1/batch/delete', [{ key: 'c:4' }]],
      ['/api/v1/delete', { key: 'c:2' }],
      ['/api/v1/secret/set', { key: 's:1', value: 'x' }],
      ['/api/v1/secret/get', { key: 's:1' }],
      ['/api/v1/secret/delete', { key: 's:1' }],
      ['/api/v1/entity/set', { entityName: 'revision', key: 'r1', value: { level: 'global', n: 1 } }],
      ['/api/v1/entity/get', { entityName: 'revision', key: 'r1' }],
      ['/api/v1/entity/query', { entityName: 'revision', indexName: 'by-level', partition: ['global'], range: { condition: 'GREATER_THAN', values: [0] }, limit: 2 }],
      ['/api/v1/transaction', { check: [{ key: 'r1', entityName: 'revision', conditions: { and: [{ property: 'n', condition: 'EQUAL_TO', values: [1] }] } }] }],
      ['/api/v1/entity/delete', { entityName: 'revision', key: 'r1' }],
    ]);
  });

  it('kvs imported after the runtime is installed takes the proxied client: target kvs, Bearer token and trace headers', async () => {
    let fresh: unknown;
    jest.isolateModules(() => {
      fresh = require('@forge/kvs');
    });
    if (!isKvsModule(fresh)) throw new Error('@forge/kvs did not load');
    const freshKvs = fresh.kvs;
    await forge.invoke(() => freshKvs.set('c:fresh', 1), {}, { kind: 'trigger' });
    const call = lastCall(recording.calls);
    expect(call.target).toEqual({ type: 'kvs' });
    expect(call.headers).toMatchObject({ authorization: 'Bearer local-forge-proxy-token', host: 'local-kvs', 'x-b3-traceid': expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(await kvs.get('c:fresh')).toBe(1);
  });

  it('Queue.push, getStats and cancel: app requests to stargate /webhook/queue/<op>/{contextAri}/{environmentId}/{appId}/{appVersion}', async () => {
    const received: AsyncEvent[] = [];
    forge.registerConsumer('contract-queue', (event) => {
      received.push(event);
    });
    const queue = new Queue({ key: 'contract-queue' });
    const { jobId } = await queue.push([{ body: { n: 1 } }, { body: { n: 2 }, delayInSeconds: 3 }]);
    const push = lastCall(recording.calls);
    expect(push.target).toEqual({ type: 'fpp', provider: 'app', remote: 'stargate', accountId: undefined });
    expect(push.path).toBe('/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}');
    expect(push.body).toEqual({
      queueName: 'contract-queue',
      jobId,
      type: 'avi:forge:app:event',
      schema: 'ari:cloud:ecosystem::forge/app-event-2',
      payload: [{ body: { n: 1 } }, { body: { n: 2 }, delayInSeconds: 3 }],
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    await forge.drainQueues();
    expect(await queue.getJob(jobId).getStats()).toEqual({ success: 2, inProgress: 0, failed: 0 });
    expect(lastCall(recording.calls)).toMatchObject({ path: '/webhook/queue/stats/{contextAri}/{environmentId}/{appId}/{appVersion}', body: { queueName: 'contract-queue', jobId } });
    await queue.cancel(jobId);
    expect(lastCall(recording.calls).path).toBe('/webhook/queue/cancel/{contextAri}/{environmentId}/{appId}/{appVersion}');
    expect(received.map(({ queueName, jobId: id, eventId, body }) => ({ queueName, jobId: id, eventId, body }))).toEqual([
      { queueName: 'contract-queue', jobId, eventId: expect.any(String), body: { n: 1 } },
      { queueName: 'contract-queue', jobId, eventId: expect.any(String), body: { n: 2 } },
    ]);
  });

  it('the runtime the SDK reads: app context, remaining time, invoking user', async () => {
    const seen = await forge.invoke(
      () => {
        const app = getAppContext();
        return {
          appAri: app.appAri.toString(),
          environmentAri: app.environmentAri.toString(),
          installationAri: app.installationAri.toString(),
          environmentType: app.environmentType,
          moduleKey: app.moduleKey,
          remaining: app.invocationRemainingTimeInMillis(),
          aaid: __getRuntime().aaid,
          contextAri: __getRuntime().contextAri,
        };
      },
      {},
      { kind: 'resolver', principal: { accountId: 'user-1' }, moduleKey: 'capacity-panel' },
    );
    const id = forge.identity;
    expect(seen).toEqual({
      appAri: `ari:cloud:ecosystem::app/${id.appId}`,
      environmentAri: `ari:cloud:ecosystem::environment/${id.appId}/${id.environmentId}`,
      installationAri: `ari:cloud:ecosystem::installation/${id.installationId}`,
      environmentType: 'DEVELOPMENT',
      moduleKey: 'capacity-panel',
      remaining: expect.any(Number),
      aaid: 'user-1',
      contextAri: `ari:cloud:jira::site/${id.cloudId}`,
    });
    expect(seen.remaining).toBeGreaterThan(24_000);
    expect(seen.remaining).toBeLessThanOrEqual(25_000);
  });
});

describe('@forge/resolver dispatch', () => {
  const handler = new Resolver()
    .define('whoami', ({ payload, context }) => ({ payload, accountId: context.accountId, extension: context.extension, installContext: context.installContext }))
    .getDefinitions();
  let forge: LocalForge;

  beforeAll(() => {
    forge = new LocalForge({ baseUrl: 'http://127.0.0.1:9', authorization: () => 'Basic x' }).install();
  });
  afterAll(() => forge.dispose());

  it('dispatches by functionKey, passes the payload and the module context, and takes accountId from the platform', async () => {
    const result = await forge.invokeResolver(handler, {
      functionKey: 'whoami',
      payload: { accountId: 'someone-else', n: 1 },
      context: { accountId: 'user-1', moduleKey: 'issue-panel', extension: { issue: { id: '10001' } } },
    });
    expect(result).toEqual({
      payload: { accountId: 'someone-else', n: 1 },
      accountId: 'user-1',
      extension: { issue: { id: '10001' } },
      installContext: `ari:cloud:jira::site/${forge.identity.cloudId}`,
    });
  });

  it('overrides any accountId in the call context with the platform principal (second argument)', async () => {
    const event = { call: { functionKey: 'whoami', payload: {} }, context: { accountId: 'spoofed' } };
    const result = await forge.invoke(handler, event, { kind: 'resolver', principal: { accountId: 'real' } });
    expect(result).toMatchObject({ accountId: 'real' });
    expect(await forge.invoke(handler, event, { kind: 'resolver', principal: null })).not.toHaveProperty('accountId');
  });

  it('rejects an unknown functionKey', async () => {
    await expect(forge.invokeResolver(handler, { functionKey: 'nope', context: { accountId: 'user-1', moduleKey: 'm', extension: {} } })).rejects.toThrow("Resolver has no definition for 'nope'.");
  });
});

function isKvsModule(value: unknown): value is typeof KvsModule {
  return typeof value === 'object' && value !== null && 'kvs' in value;
}

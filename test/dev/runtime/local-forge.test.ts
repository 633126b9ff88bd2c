import api, { asApp, asUser, getAppContext, NeedsAuthenticationError, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import Resolver from '@forge/resolver';
import { INVOCATION_LIMITS, installForgeGlobals, InvocationTimeoutError, LocalForge, LocalForgeUnsupportedError } from '../../../dev/runtime';
import { basic, type JiraStub, startJiraStub } from './jira-stub-server';

/** Invocations (principal, deadline, remaining time) and product requests, through the real @forge/api. */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let jira: JiraStub;
let forge: LocalForge;

beforeAll(async () => {
  jira = await startJiraStub();
});
afterAll(() => jira.close());
beforeEach(() => {
  forge = new LocalForge({ baseUrl: jira.baseUrl, authorization: (p) => (p.kind === 'app' ? basic('app-bot') : basic(p.accountId)) }).install();
});
afterEach(() => forge.dispose());

describe('requests to Jira', () => {
  it('asUser() carries the invoking user, asApp() the app, the top-level requestJira nobody', async () => {
    jira.requests.length = 0;
    await forge.invoke(
      async () => {
        await asUser().requestJira(route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`);
        await asApp().requestJira(route`/rest/api/3/field`);
        await api.requestJira(route`/rest/api/3/serverInfo`);
      },
      {},
      { kind: 'resolver', principal: { accountId: 'alice-id' } },
    );
    expect(jira.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/rest/api/3/mypermissions?permissions=ADMINISTER', basic('alice-id')],
      ['/rest/api/3/field', basic('app-bot')],
      ['/rest/api/3/serverInfo', undefined],
    ]);
  });

  it('concurrent invocations each act as their own user', async () => {
    jira.requests.length = 0;
    jira.answer(() => ({ status: 200, body: '{}', delayMs: 20 }));
    const asEach = (accountId: string) =>
      forge.invoke(
        async () => {
          await sleep(accountId === 'a' ? 0 : 5);
          await asUser().requestJira(route`/rest/api/3/myself?who=${accountId}`);
        },
        {},
        { kind: 'resolver', principal: { accountId } },
      );
    await Promise.all(['a', 'b', 'c'].map(asEach));
    const byUser = Object.fromEntries(jira.requests.map((r) => [r.url, r.headers.authorization]));
    expect(byUser).toEqual({ '/rest/api/3/myself?who=a': basic('a'), '/rest/api/3/myself?who=b': basic('b'), '/rest/api/3/myself?who=c': basic('c') });
  });

  it('hands back Jira’s answer untouched: status, headers, body, even errors', async () => {
    jira.answer(() => ({ status: 429, headers: { 'retry-after': '3', 'content-type': 'application/json' }, body: '{"errorMessages":["slow down"]}' }));
    const response = await forge.invoke(() => asApp().requestJira(route`/rest/api/3/search/jql`, { method: 'POST', body: '{}' }), {}, { kind: 'trigger' });
    expect([response.status, response.ok, response.headers.get('retry-after'), await response.json()]).toEqual([429, false, '3', { errorMessages: ['slow down'] }]);
  });

  it('asUser() with no user to act for fails as the SDK reports it, inside or outside an invocation', async () => {
    await expect(forge.invoke(() => asUser().requestJira(route`/rest/api/3/myself`), {}, { kind: 'scheduled' })).rejects.toBeInstanceOf(NeedsAuthenticationError);
    await expect(asUser().requestJira(route`/rest/api/3/myself`)).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });

  it('refuses what it does not implement, naming it', async () => {
    await expect(asApp().requestConfluence(route`/wiki/rest/api/space`)).rejects.toBeInstanceOf(LocalForgeUnsupportedError);
    await expect(asApp().requestGraph('{ me { user { name } } }')).rejects.toThrow(/remote 'stargate' path \/graphql/);
  });
});

describe('invocations', () => {
  it('time out after 25 s for resolvers and triggers, 55 s for consumers and scheduled triggers, up to 900 s by timeoutSeconds', async () => {
    const remaining = (kind: 'resolver' | 'trigger' | 'lifecycle' | 'consumer' | 'scheduled', timeoutSeconds?: number) =>
      forge.invoke(() => getAppContext().invocationRemainingTimeInMillis(), {}, { kind, timeoutSeconds });
    const seconds = async (pending: Promise<number>) => Math.ceil((await pending) / 1000);
    expect(await seconds(remaining('resolver'))).toBe(25);
    expect(await seconds(remaining('trigger'))).toBe(25);
    expect(await seconds(remaining('lifecycle'))).toBe(25);
    expect(await seconds(remaining('consumer'))).toBe(55);
    expect(await seconds(remaining('scheduled', 900))).toBe(900);
    expect(() => forge.invoke(() => 1, {}, { kind: 'scheduled', timeoutSeconds: 901 })).toThrow(RangeError);
    expect(() => forge.invoke(() => 1, {}, { kind: 'resolver', timeoutSeconds: INVOCATION_LIMITS.interactiveTimeoutSeconds + 1 })).toThrow(RangeError);
  });

  it('the remaining time counts down', async () => {
    const [before, after] = await forge.invoke(
      async () => {
        const first = getAppContext().invocationRemainingTimeInMillis();
        await sleep(120);
        return [first, getAppContext().invocationRemainingTimeInMillis()];
      },
      {},
      { kind: 'resolver' },
    );
    expect((before ?? 0) - (after ?? 0)).toBeGreaterThanOrEqual(100);
  });

  it('a function past its deadline fails with a timeout, and its later calls are refused', async () => {
    const lateWrite: { attempted: boolean; error: unknown } = { attempted: false, error: undefined };
    const started = Date.now();
    const run = forge.invoke(
      async () => {
        await sleep(250);
        lateWrite.attempted = true;
        await kvs.set('late', 1).catch((error: unknown) => {
          lateWrite.error = error;
        });
      },
      {},
      { kind: 'resolver', timeoutSeconds: 0.1, functionKey: 'slow-resolver' },
    );
    await expect(run).rejects.toThrow(new InvocationTimeoutError({ kind: 'resolver', functionKey: 'slow-resolver', timeoutMs: 100 }));
    expect(Date.now() - started).toBeLessThan(250);
    await sleep(250);
    expect(lateWrite.attempted).toBe(true);
    expect(String(lateWrite.error)).toMatch(/'slow-resolver' has timed out/);
    expect(await kvs.get('late')).toBeUndefined();
  });

  it('a deadline aborts the Jira request in flight', async () => {
    jira.answer(() => ({ status: 200, body: '{}', delayMs: 1_000 }));
    let requestError: unknown;
    const run = forge.invoke(
      () =>
        asApp()
          .requestJira(route`/rest/api/3/field`)
          .catch((error: unknown) => {
            requestError = error;
          }),
      {},
      { kind: 'trigger', timeoutSeconds: 0.1 },
    );
    await expect(run).rejects.toBeInstanceOf(InvocationTimeoutError);
    await sleep(20);
    expect(requestError).toBeInstanceOf(InvocationTimeoutError);
  });

  it('remaining time outside an invocation is an error, not a made-up number', () => {
    expect(() => getAppContext().invocationRemainingTimeInMillis()).toThrow(/only defined inside an invocation/);
  });
});

describe('resolvers', () => {
  const handler = new Resolver()
    .define('echo', ({ payload }) => payload)
    .define('big', () => ({ blob: 'x'.repeat(INVOCATION_LIMITS.resolverPayloadOutBytes) }))
    .getDefinitions();
  const context = { accountId: 'alice-id', moduleKey: 'issue-panel', extension: { issue: { id: '10001' } } };

  it('pass the payload as JSON, as the bridge does', async () => {
    expect(await forge.invokeResolver(handler, { functionKey: 'echo', payload: { at: new Date(0), n: 1 }, context })).toEqual({ at: '1970-01-01T00:00:00.000Z', n: 1 });
  });

  it('refuse payloads over 500 KB and answers over 5 MB', async () => {
    const payload = { blob: 'x'.repeat(INVOCATION_LIMITS.resolverPayloadInBytes) };
    await expect(forge.invokeResolver(handler, { functionKey: 'echo', payload, context })).rejects.toThrow(/payload of 'echo' exceeds/);
    await expect(forge.invokeResolver(handler, { functionKey: 'big', context })).rejects.toThrow(/response of 'big' exceeds/);
  });
});

describe('globals', () => {
  it('are installed once per process and follow the LocalForge installed last', async () => {
    await kvs.set('where', 'first');
    const second = new LocalForge({ baseUrl: jira.baseUrl, authorization: () => '' }).install();
    installForgeGlobals();
    expect(await kvs.get('where')).toBeUndefined();
    second.dispose();
    forge.install();
    expect(await kvs.get('where')).toBe('first');
  });

  it('an invocation keeps talking to the LocalForge that runs it', async () => {
    const other = new LocalForge({ baseUrl: jira.baseUrl, authorization: () => '' });
    await other.invoke(() => kvs.set('owner', 'other'), {}, { kind: 'trigger' });
    expect(await kvs.get('owner')).toBeUndefined();
    expect(await other.invoke(() => kvs.get('owner'), {}, { kind: 'trigger' })).toBe('other');
  });
});

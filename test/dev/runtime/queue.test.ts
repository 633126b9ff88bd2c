import { __requestAtlassianAsApp, asUser, getAppContext, NeedsAuthenticationError, route } from '@forge/api';
import { type AsyncEvent, InvocationError, InvocationErrorCode, PayloadTooBigError, Queue, TooManyEventsError } from '@forge/events';
import { kvs } from '@forge/kvs';
import { LocalForge, type LocalForgeOptions, QUEUE_LIMITS } from '../../../dev/runtime';

/** Async events through the real @forge/events client: limits, delivery, retries, job progress. */

const options: LocalForgeOptions = { baseUrl: 'http://127.0.0.1:9', authorization: () => 'Basic unused' };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function gate(): { opened: Promise<void>; open(): void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

let forge: LocalForge;
beforeEach(() => {
  forge = new LocalForge(options).install();
});
afterEach(() => forge.dispose());

describe('push limits', () => {
  const queue = new Queue({ key: 'limits' });

  it('at most 50 events in one push', async () => {
    const events = Array.from({ length: QUEUE_LIMITS.eventsPerPush + 1 }, (_, i) => ({ body: { i } }));
    await expect(queue.push(events)).rejects.toBeInstanceOf(TooManyEventsError);
    forge.registerConsumer('limits', () => undefined);
    await queue.push(events.slice(1));
    expect(await forge.drainQueues()).toEqual({ succeeded: 50, failed: [] });
  });

  it('at most 200 KB for the push as a whole', async () => {
    const event = (kb: number) => ({ body: { pad: 'x'.repeat(kb * 1024) } });
    await expect(queue.push([event(199), event(2)])).rejects.toBeInstanceOf(PayloadTooBigError);
    await expect(queue.push(event(201))).rejects.toBeInstanceOf(PayloadTooBigError);
    await queue.push([event(100), event(99)]);
  });

  it('the local queue enforces the limits itself, should an SDK stop checking them', async () => {
    const publish = (payload: unknown[]) =>
      __requestAtlassianAsApp('/webhook/queue/publish/{contextAri}/{environmentId}/{appId}/{appVersion}', {
        method: 'POST',
        body: JSON.stringify({ queueName: 'limits', jobId: `job-${payload.length}`, type: 'avi:forge:app:event', schema: 'ari:cloud:ecosystem::forge/app-event-2', payload, time: new Date().toISOString() }),
      });
    expect((await publish(Array.from({ length: 51 }, () => ({ body: {} })))).status).toBe(400);
    const tooBig = await publish([{ body: { pad: 'x'.repeat(201 * 1024) } }]);
    expect([tooBig.status, await tooBig.json()]).toEqual([413, { errorMessage: 'The maximum payload size is 200KB.' }]);
    expect((await publish([{ body: {}, delayInSeconds: 901 }])).status).toBe(400);
  });
});

describe('delivery', () => {
  it('happens after the push returns, one invocation per event, in push order, across pushes', async () => {
    const seen: unknown[] = [];
    forge.registerConsumer('ordered', (event) => {
      seen.push(event.body.n);
    });
    const queue = new Queue({ key: 'ordered' });
    await forge.invoke(
      async () => {
        await queue.push([1, 2, 3].map((n) => ({ body: { n } })));
        await queue.push({ body: { n: 4 } });
        expect(seen).toEqual([]);
      },
      {},
      { kind: 'resolver', principal: { accountId: 'user-1' } },
    );
    await queue.push([{ body: { n: 5 } }, { body: { n: 6 } }]);
    expect(await forge.drainQueues()).toEqual({ succeeded: 6, failed: [] });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('runs the consumer as the app, under its own timeout, with the platform event shape', async () => {
    const received: Array<{ event: AsyncEvent; remaining: number; installContext: string; asUser: unknown }> = [];
    forge.registerConsumer(
      'shape',
      async (event, context) => {
        const asUserError = await asUser()
          .requestJira(route`/rest/api/3/myself`)
          .then(() => null, (error: unknown) => error);
        received.push({ event, remaining: getAppContext().invocationRemainingTimeInMillis(), installContext: context.installContext, asUser: asUserError });
      },
      { timeoutSeconds: 600 },
    );
    const { jobId } = await new Queue({ key: 'shape' }).push({ body: { issueIds: ['10001'] }, concurrency: { key: 'reclassify', limit: 1 } });
    await forge.drainQueues();
    const [first] = received;
    expect(first?.event).toEqual({ queueName: 'shape', jobId, eventId: expect.any(String), body: { issueIds: ['10001'] }, concurrency: { key: 'reclassify', limit: 1 } });
    expect(first?.remaining).toBeGreaterThan(599_000);
    expect(first?.installContext).toBe(`ari:cloud:jira::site/${forge.identity.cloudId}`);
    expect(first?.asUser).toBeInstanceOf(NeedsAuthenticationError);
  });

  it('waits for events the consumers push in turn (batches of batches)', async () => {
    const queue = new Queue({ key: 'chain' });
    forge.registerConsumer('chain', async (event) => {
      const depth = Number(event.body.depth);
      await kvs.set(`chain:${depth}`, depth);
      if (depth < 3) await queue.push({ body: { depth: depth + 1 } });
    });
    await queue.push({ body: { depth: 0 } });
    expect(await forge.drainQueues()).toEqual({ succeeded: 4, failed: [] });
    expect(await kvs.get('chain:3')).toBe(3);
  });

  it('drainQueues fails loudly when events wait on a queue nobody consumes', async () => {
    await new Queue({ key: 'orphan' }).push({ body: {} });
    await expect(forge.drainQueues()).rejects.toThrow('orphan');
  });

  it('honours delayInSeconds, scaled by delayScaleMs', async () => {
    forge.dispose();
    forge = new LocalForge({ ...options, queue: { delayScaleMs: 40 } }).install();
    const deliveredAt: number[] = [];
    forge.registerConsumer('delayed', () => {
      deliveredAt.push(Date.now());
    });
    const pushedAt = Date.now();
    await new Queue({ key: 'delayed' }).push({ body: {}, delayInSeconds: 3 });
    await forge.drainQueues();
    expect((deliveredAt[0] ?? 0) - pushedAt).toBeGreaterThanOrEqual(115);
  });
});

describe('retries', () => {
  it('retry an event whose consumer throws, with a retryContext, and count it once as a success', async () => {
    const attempts: Array<AsyncEvent['retryContext']> = [];
    forge.registerConsumer('flaky', (event) => {
      attempts.push(event.retryContext);
      if (attempts.length < 3) throw new Error('Jira said 503');
    });
    const queue = new Queue({ key: 'flaky' });
    const { jobId } = await queue.push({ body: {} });
    expect(await forge.drainQueues()).toEqual({ succeeded: 1, failed: [] });
    expect(attempts).toEqual([
      undefined,
      { retryCount: 1, retryReason: 'FUNCTION_ERR', retryData: undefined, retentionWindow: { startTime: expect.any(String), remainingTimeMs: expect.any(Number) } },
      expect.objectContaining({ retryCount: 2, retryReason: 'FUNCTION_ERR' }),
    ]);
    expect(await queue.getJob(jobId).getStats()).toEqual({ success: 1, inProgress: 0, failed: 0 });
  });

  it('retry when the consumer returns an InvocationError, passing its reason and data along', async () => {
    const contexts: Array<AsyncEvent['retryContext']> = [];
    forge.registerConsumer('rate-limited', (event) => {
      contexts.push(event.retryContext);
      if (!event.retryContext) return new InvocationError({ retryAfter: 30, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED, retryData: { nextPage: 2 } });
      return undefined;
    });
    await new Queue({ key: 'rate-limited' }).push({ body: {} });
    expect(await forge.drainQueues()).toEqual({ succeeded: 1, failed: [] });
    expect(contexts[1]).toMatchObject({ retryCount: 1, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { nextPage: 2 } });
  });

  it('give up after 4 retries and count the event as failed', async () => {
    let calls = 0;
    forge.registerConsumer('broken', () => {
      calls += 1;
      throw new Error('always');
    });
    const queue = new Queue({ key: 'broken' });
    const { jobId } = await queue.push([{ body: { ok: false } }]);
    const report = await forge.drainQueues();
    expect(calls).toBe(1 + QUEUE_LIMITS.maxRetries);
    expect(report).toEqual({ succeeded: 0, failed: [{ queueName: 'broken', jobId, eventId: expect.any(String), attempts: 5, reason: 'Error: always' }] });
    expect(await queue.getJob(jobId).getStats()).toEqual({ success: 0, inProgress: 0, failed: 1 });
  });

  it('a consumer that outlives its timeout is retried with FUNCTION_TIME_OUT', async () => {
    const reasons: Array<string | undefined> = [];
    forge.registerConsumer(
      'slow',
      async (event) => {
        reasons.push(event.retryContext?.retryReason);
        if (!event.retryContext) await sleep(300);
      },
      { timeoutSeconds: 0.05 },
    );
    await new Queue({ key: 'slow' }).push({ body: {} });
    expect(await forge.drainQueues()).toEqual({ succeeded: 1, failed: [] });
    expect(reasons).toEqual([undefined, 'FUNCTION_TIME_OUT']);
  });
});

describe('job progress', () => {
  it('reports success, in-progress and failed counts while the job runs, and cancel drops what has not started', async () => {
    const release = gate();
    const started = gate();
    forge.registerConsumer('progress', async (event) => {
      if (event.body.i === 1) throw new Error('bad issue');
      if (event.body.i === 2) {
        started.open();
        await release.opened;
      }
    });
    const queue = new Queue({ key: 'progress' });
    const { jobId } = await queue.push([0, 1, 2, 3, 4].map((i) => ({ body: { i } })));
    const job = queue.getJob(jobId);
    expect(await job.getStats()).toEqual({ success: 0, inProgress: 5, failed: 0 });
    await started.opened;
    expect(await job.getStats()).toEqual({ success: 1, inProgress: 4, failed: 0 });
    await job.cancel();
    release.open();
    const report = await forge.drainQueues();
    expect(await job.getStats()).toEqual({ success: 2, inProgress: 0, failed: 3 });
    expect(report.failed.map(({ reason, attempts }) => [reason, attempts])).toEqual([
      ['job cancelled', 0],
      ['job cancelled', 0],
      ['job cancelled', 1],
    ]);
  });

  it('an unknown job is JobDoesNotExistError', async () => {
    await expect(new Queue({ key: 'progress' }).getJob('no-such-job').getStats()).rejects.toThrow('The job no-such-job was not found for the queue progress.');
  });
});

import { randomUUID } from 'node:crypto';
import type { AsyncEvent } from '@forge/events';
import { z } from 'zod';
import type { PlatformContext } from '../app-identity';
import { InvocationTimeoutError, invocations } from '../invocation';
import { QUEUE_LIMITS } from '../limits';

/**
 * In-process async events (@forge/events 3: queue.js, jobProgress.js, validators.js). Queue.push posts the events to
 * /webhook/queue/publish/..., getStats and cancel to /webhook/queue/stats|cancel/..., all through
 * __requestAtlassianAsApp. Delivery happens after the push returns, one event at a time per queue in push order; each
 * event is its own consumer invocation, retried when the consumer throws, times out or returns an InvocationError.
 */

export type ConsumerHandler = (event: AsyncEvent, context: PlatformContext) => unknown;

export interface ConsumerOptions {
  /** The consumer function's `timeoutSeconds` in the manifest (default 55, at most 900). */
  timeoutSeconds?: number;
  functionKey?: string;
  moduleKey?: string;
}

export interface Consumer extends ConsumerOptions {
  queueName: string;
  handler: ConsumerHandler;
}

export interface FailedDelivery {
  queueName: string;
  jobId: string;
  eventId: string;
  attempts: number;
  reason: string;
}

/** What happened to the events delivered since the previous drain. */
export interface DrainReport {
  succeeded: number;
  failed: FailedDelivery[];
}

export interface LocalQueuesOptions {
  /** Runs one consumer invocation (LocalForge.invoke with kind 'consumer'). */
  invokeConsumer(consumer: Consumer, event: AsyncEvent): Promise<unknown>;
  maxRetries: number;
  /** Milliseconds of real waiting per second of requested delay (`delayInSeconds`, `retryAfter`, backoff); 0 delivers at once. */
  delayScaleMs: number;
}

const QUEUE_NAME = /^[a-zA-Z0-9-_]+$/;

const pushSchema = z.strictObject({
  queueName: z.string(),
  jobId: z.string().min(1),
  type: z.literal('avi:forge:app:event'),
  schema: z.literal('ari:cloud:ecosystem::forge/app-event-2'),
  payload: z.array(
    z.strictObject({
      body: z.record(z.string(), z.unknown()),
      delayInSeconds: z.number().optional(),
      concurrency: z.strictObject({ key: z.string(), limit: z.number().int().positive() }).optional(),
    }),
  ),
  time: z.string(),
});
type PushedEvent = z.infer<typeof pushSchema>['payload'][number];

const jobRequestSchema = z.strictObject({ queueName: z.string(), jobId: z.string().min(1), time: z.string() });

/** What a consumer returns to ask for a retry: `new InvocationError(...)` serialises to this, QueueResponse#retry() sets `_retry`. */
const retryRequestSchema = z.object({
  _retry: z.literal(true),
  retryOptions: z.object({ retryAfter: z.number().optional(), retryReason: z.string().optional(), retryData: z.unknown().optional() }).optional(),
});

interface Job {
  queueName: string;
  jobId: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: boolean;
  enqueuedAt: number;
}

interface Delivery {
  job: Job;
  eventId: string;
  event: PushedEvent;
  retryCount: number;
  notBefore: number;
  retryContext?: NonNullable<AsyncEvent['retryContext']>;
}

interface QueueState {
  name: string;
  pending: Delivery[];
  running: boolean;
  timer?: NodeJS.Timeout;
}

interface RetryReason {
  reason: string;
  retryAfterSeconds: number;
  retryData: unknown;
  detail: string;
}

export class LocalQueues {
  private readonly consumers = new Map<string, Consumer>();
  private readonly queues = new Map<string, QueueState>();
  private readonly jobs = new Map<string, Job>();
  private waiters: Array<() => void> = [];
  private report: DrainReport = { succeeded: 0, failed: [] };
  private disposed = false;

  constructor(private readonly options: LocalQueuesOptions) {}

  register(consumer: Consumer): void {
    if (this.consumers.has(consumer.queueName)) throw new Error(`queue '${consumer.queueName}' already has a consumer`);
    this.consumers.set(consumer.queueName, consumer);
    this.schedule(this.queue(consumer.queueName));
  }

  /** Answers the queue endpoints; undefined when `path` is not one of them. */
  handle(path: string, init: RequestInit | undefined): Response | undefined {
    const operation = /^\/webhook\/queue\/(publish|stats|cancel)\//.exec(path)?.[1];
    if (!operation) return undefined;
    let body: unknown;
    try {
      body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    } catch {
      body = undefined;
    }
    if (operation === 'publish') return this.push(body);
    const request = jobRequestSchema.safeParse(body);
    if (!request.success) return Response.json({ message: z.prettifyError(request.error) }, { status: 400 });
    const job = this.jobs.get(jobKey(request.data.queueName, request.data.jobId));
    if (!job) return Response.json({ message: 'job not found' }, { status: 404 });
    if (operation === 'stats') return Response.json({ success: job.succeeded, inProgress: job.total - job.succeeded - job.failed, failed: job.failed });
    this.cancel(job);
    return new Response(null, { status: 204 });
  }

  /** Waits until every queue is empty and idle; fails if events wait on a queue nobody consumes. */
  async drain(): Promise<DrainReport> {
    for (;;) {
      const orphaned = [...this.queues.values()].filter((q) => q.pending.length > 0 && !this.consumers.has(q.name)).map((q) => q.name);
      if (orphaned.length > 0) throw new Error(`events wait on queue(s) without a consumer: ${orphaned.join(', ')} (forge.registerConsumer)`);
      if ([...this.queues.values()].every((q) => q.pending.length === 0 && !q.running)) break;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const report = this.report;
    this.report = { succeeded: 0, failed: [] };
    return report;
  }

  dispose(): void {
    this.disposed = true;
    for (const q of this.queues.values()) clearTimeout(q.timer);
    this.changed();
  }

  private push(body: unknown): Response {
    const parsed = pushSchema.safeParse(body);
    if (!parsed.success) return Response.json({ message: z.prettifyError(parsed.error) }, { status: 400 });
    const { queueName, jobId, payload } = parsed.data;
    // The SDK checks the same limits before sending; they are enforced here too in case a later SDK stops doing so.
    if (!QUEUE_NAME.test(queueName)) return Response.json({ message: `invalid queue name '${queueName}'` }, { status: 400 });
    if (payload.length === 0 || payload.length > QUEUE_LIMITS.eventsPerPush) {
      return Response.json({ message: `a push takes 1 to ${QUEUE_LIMITS.eventsPerPush} events, got ${payload.length}` }, { status: 400 });
    }
    if (Buffer.byteLength(JSON.stringify(payload)) / 1024 > QUEUE_LIMITS.pushPayloadKilobytes) {
      return Response.json({ errorMessage: `The maximum payload size is ${QUEUE_LIMITS.pushPayloadKilobytes}KB.` }, { status: 413 });
    }
    if (payload.some((e) => e.delayInSeconds !== undefined && (e.delayInSeconds < 0 || e.delayInSeconds > QUEUE_LIMITS.maxDelaySeconds))) {
      return Response.json({ message: `delayInSeconds must be between 0 and ${QUEUE_LIMITS.maxDelaySeconds}` }, { status: 400 });
    }
    if (this.jobs.has(jobKey(queueName, jobId))) return Response.json({ message: `job ${jobId} already exists` }, { status: 400 });
    const now = Date.now();
    const job: Job = { queueName, jobId, total: payload.length, succeeded: 0, failed: 0, cancelled: false, enqueuedAt: now };
    this.jobs.set(jobKey(queueName, jobId), job);
    const q = this.queue(queueName);
    for (const event of payload) {
      q.pending.push({ job, eventId: randomUUID(), event, retryCount: 0, notBefore: now + (event.delayInSeconds ?? 0) * this.options.delayScaleMs });
    }
    this.schedule(q);
    return new Response(null, { status: 201 });
  }

  /** Events of a cancelled job that have not started are dropped and count as failed, so the job's stats still add up. */
  private cancel(job: Job): void {
    job.cancelled = true;
    const q = this.queue(job.queueName);
    for (const dropped of q.pending.filter((d) => d.job === job)) {
      job.failed += 1;
      this.report.failed.push({ queueName: job.queueName, jobId: job.jobId, eventId: dropped.eventId, attempts: dropped.retryCount, reason: 'job cancelled' });
    }
    q.pending = q.pending.filter((d) => d.job !== job);
    this.changed();
  }

  private queue(name: string): QueueState {
    let q = this.queues.get(name);
    if (!q) {
      q = { name, pending: [], running: false };
      this.queues.set(name, q);
    }
    return q;
  }

  /** Delivery never runs inside the pushing invocation: it starts on a later turn, outside any invocation's context. */
  private schedule(q: QueueState): void {
    invocations.exit(() => setImmediate(() => this.pump(q)));
  }

  private pump(q: QueueState): void {
    if (this.disposed || q.running || q.timer) return;
    const consumer = this.consumers.get(q.name);
    const now = Date.now();
    const index = q.pending.findIndex((d) => d.notBefore <= now);
    if (!consumer || index < 0) {
      if (consumer && q.pending.length > 0) {
        const wait = Math.min(...q.pending.map((d) => d.notBefore)) - now;
        q.timer = setTimeout(() => {
          q.timer = undefined;
          this.pump(q);
        }, wait);
      }
      this.changed();
      return;
    }
    const [delivery] = q.pending.splice(index, 1);
    if (!delivery) return;
    q.running = true;
    void this.deliver(consumer, delivery).finally(() => {
      q.running = false;
      this.pump(q);
    });
  }

  private async deliver(consumer: Consumer, delivery: Delivery): Promise<void> {
    const { job, event } = delivery;
    const asyncEvent: AsyncEvent = {
      queueName: job.queueName,
      jobId: job.jobId,
      eventId: delivery.eventId,
      body: structuredClone(event.body),
      ...(event.delayInSeconds !== undefined ? { delayInSeconds: event.delayInSeconds } : {}),
      ...(event.concurrency ? { concurrency: event.concurrency } : {}),
      ...(delivery.retryContext ? { retryContext: delivery.retryContext } : {}),
    };
    const retry = await this.options.invokeConsumer(consumer, asyncEvent).then(retryRequested, failed(delivery.retryCount));
    if (!retry) {
      job.succeeded += 1;
      this.report.succeeded += 1;
    } else if (job.cancelled || delivery.retryCount >= this.options.maxRetries) {
      job.failed += 1;
      this.report.failed.push({ queueName: job.queueName, jobId: job.jobId, eventId: delivery.eventId, attempts: delivery.retryCount + 1, reason: retry.detail });
    } else {
      const now = Date.now();
      const retryCount = delivery.retryCount + 1;
      this.queue(job.queueName).pending.push({
        ...delivery,
        retryCount,
        notBefore: now + retry.retryAfterSeconds * this.options.delayScaleMs,
        retryContext: {
          retryCount,
          retryReason: retry.reason,
          retryData: retry.retryData,
          retentionWindow: { startTime: new Date(job.enqueuedAt).toISOString(), remainingTimeMs: Math.max(0, job.enqueuedAt + QUEUE_LIMITS.retentionWindowMs - now) },
        },
      });
    }
  }

  private changed(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

const jobKey = (queueName: string, jobId: string): string => `${queueName}\u0000${jobId}`;

function retryRequested(result: unknown): RetryReason | undefined {
  const request = retryRequestSchema.safeParse(result);
  if (!request.success) return undefined;
  const options = request.data.retryOptions;
  const reason = options?.retryReason ?? 'FUNCTION_RETRY_REQUEST';
  return {
    reason,
    retryAfterSeconds: Math.min(QUEUE_LIMITS.maxRetryAfterSeconds, Math.max(1, options?.retryAfter ?? 1)),
    retryData: options?.retryData,
    detail: `consumer asked for a retry (${reason})`,
  };
}

/** An app-level error (throw or timeout): retried with exponential backoff, as the platform does. */
function failed(retryCount: number): (error: unknown) => RetryReason {
  return (error) => ({
    reason: error instanceof InvocationTimeoutError ? error.code : 'FUNCTION_ERR',
    retryAfterSeconds: Math.min(QUEUE_LIMITS.maxRetryAfterSeconds, 2 ** (retryCount + 1)),
    retryData: undefined,
    detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}

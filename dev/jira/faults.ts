/**
 * Fault injection, set per test on a running server: a delay on every request, and a queue of scripted failures that
 * replace the next matching requests (429 with Retry-After, 429 with only X-RateLimit-Reset, 5xx, a dropped connection, a
 * malformed 200, a body that stalls or trickles after its headers). Also the "leave `total` out" switch, since Jira does
 * that on some agile issue lists.
 */

export type Fault =
  /** 429 with `Retry-After: seconds` (Jira's points-based rate limit). */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** 429 with only `X-RateLimit-Reset` (an ISO timestamp `resetInSeconds` from now), as gateway limits answer. */
  | { kind: 'rate-limit-reset'; resetInSeconds: number }
  | { kind: 'status'; status: 500 | 502 | 503 | 504 }
  /** The socket is destroyed before any response: the client sees a network error. */
  | { kind: 'drop' }
  /** 200 with a JSON content type and a truncated body. */
  | { kind: 'malformed' }
  | BodyFault;

/** The request's real answer, whose body does not arrive in time. */
export type BodyFault =
  /** The headers and the first half of the body, then silence: the connection stays open until the client goes away. */
  | { kind: 'stalled-body' }
  /** The whole body, `chunkBytes` every `intervalMs`. */
  | { kind: 'trickling-body'; chunkBytes: number; intervalMs: number };

export function isBodyFault(fault: Fault): fault is BodyFault {
  return fault.kind === 'stalled-body' || fault.kind === 'trickling-body';
}

export interface FaultMatch {
  /** Any method when absent. */
  method?: string;
  /** A prefix of the request path, e.g. '/rest/api/3/search/jql' or '/rest/agile/1.0/board'. */
  path: string;
}

interface Scripted {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export class Faults {
  /**
   * The network's round trip: every answer (faulted or not) is written no sooner than this after its request arrived.
   * The server decides and builds the answer as the request arrives, so concurrent requests build during their wait.
   */
  latencyMs = 0;
  /** Agile issue lists (`/board/{id}/issue`, `/board/{id}/sprint/{id}/issue`) leave `total` out. */
  omitIssueTotals = false;
  private queue: Scripted[] = [];

  /** The next `times` requests matching `match` get `fault` instead of their answer (queued after earlier injections). */
  inject(match: FaultMatch, fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer');
    if (fault.kind === 'trickling-body' && !(Number.isInteger(fault.chunkBytes) && fault.chunkBytes >= 1 && fault.intervalMs > 0)) {
      throw new Error('a trickling body needs chunkBytes >= 1 (whole bytes) and intervalMs > 0');
    }
    this.queue.push({ match, fault, remaining: times });
  }

  /** The fault for this request, if one is scripted; consumes it. */
  take(method: string, path: string): Fault | null {
    const entry = this.queue.find(
      (s) => (s.match.method === undefined || s.match.method.toUpperCase() === method.toUpperCase()) && path.startsWith(s.match.path),
    );
    if (!entry) return null;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(this.queue.indexOf(entry), 1);
    return entry.fault;
  }

  /** Scripted failures not yet served. */
  pending(): number {
    return this.queue.reduce((n, s) => n + s.remaining, 0);
  }

  reset(): void {
    this.latencyMs = 0;
    this.omitIssueTotals = false;
    this.queue = [];
  }
}

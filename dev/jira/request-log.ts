/** Every request the server received, so tests can assert how many calls a feature made, and as whom. */

export interface RequestRecord {
  method: string;
  path: string;
  /** Query parameters; a repeated parameter's values are joined with ','. */
  query: Record<string, string>;
  /** The authenticated user, or null when the credentials matched nobody. */
  accountId: string | null;
  /** The status sent; 0 when the connection was dropped by a fault. */
  status: number;
  /** Wall-clock time the request arrived (ms since the epoch). */
  at: number;
}

export interface RequestFilter {
  method?: string;
  /** A path prefix. */
  path?: string;
  accountId?: string;
}

export class RequestLog {
  readonly entries: RequestRecord[] = [];

  add(record: RequestRecord): void {
    this.entries.push(record);
  }

  matching(filter: RequestFilter = {}): RequestRecord[] {
    return this.entries.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || r.path.startsWith(filter.path)) &&
        (filter.accountId === undefined || r.accountId === filter.accountId),
    );
  }

  count(filter: RequestFilter = {}): number {
    return this.matching(filter).length;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

import { kvs } from '@forge/kvs';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { scanPrefix } from './kvs-scan';
import { BACKGROUND_PURPOSES, PURPOSES, type CallMeter, type Purpose, type PurposeTotals } from '../jira/points';

/**
 * The installation's points ledger: one entry per invocation that called Jira (its purpose, points, requests and the
 * last quota headers it saw), written when the invocation ends and, near its deadline, as its calls are answered
 * (services/metering.ts), so an invocation cut off by its deadline still leaves its count; never once per request
 * otherwise. Keys carry the UTC day, foreground or background, and the hour, so the day's background spend (the
 * budget) and the settings page's figures are one prefix query each, and a day is pruned by its prefix. Plain keys with a random suffix: concurrent
 * invocations never overwrite each other's counts.
 */

const signalSchema = z.object({
  quota: z.number().nullable(),
  remaining: z.number().nullable(),
  resetSeconds: z.number().nullable(),
  nearLimit: z.boolean(),
  enforced: z.boolean().nullable(),
  at: z.string(),
});

const entrySchema = z.object({
  purpose: z.enum(PURPOSES),
  hour: z.string(),
  points: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  signal: signalSchema.nullable(),
  nearLimit: z.boolean(),
  wallClearsAt: z.string().nullable(),
  at: z.string(),
});
type Entry = z.infer<typeof entrySchema>;

/** Days of entries kept; the daily run prunes older ones. */
export const LEDGER_DAYS = 7;

const day = (at: Date): string => at.toISOString().slice(0, 10);
const hourOf = (at: Date): string => at.toISOString().slice(0, 13);
const side = (purpose: Purpose): 'bg' | 'fg' => (BACKGROUND_PURPOSES.has(purpose) ? 'bg' : 'fg');
/** Every ledger key begins with this. */
export const LEDGER_PREFIX = 'points:';
const dayPrefix = (d: string): string => `${LEDGER_PREFIX}${d}:`;

/**
 * The invocation's ledger entry: one key, chosen at its first write, rewritten with the meter's totals so far at each
 * flush (writes are chained, the last one holds the final count). None is written while no Jira call was made.
 */
export function ledgerEntry(meter: CallMeter): { flush: () => Promise<void> } {
  let key: string | null = null;
  let hour = '';
  let chain: Promise<void> = Promise.resolve();
  const write = async (): Promise<void> => {
    if (meter.requests === 0 && meter.lastSignal === null) return;
    const now = new Date();
    if (key === null) {
      hour = hourOf(now);
      key = `${dayPrefix(day(now))}${side(meter.purpose)}:${hour.slice(11)}:${randomUUID()}`;
    }
    const entry: Entry = {
      purpose: meter.purpose,
      hour,
      points: meter.points,
      requests: meter.requests,
      signal: meter.lastSignal,
      nearLimit: meter.nearLimit,
      wallClearsAt: meter.wallClearsAt,
      at: now.toISOString(),
    };
    await kvs.set(key, entry);
  };
  return {
    flush: () => {
      chain = chain.then(write, write);
      return chain;
    },
  };
}

/** The entries under a prefix; a damaged one is skipped (it only loses one invocation's count). */
async function entries(prefix: string): Promise<Entry[]> {
  return (await scanPrefix(prefix)).flatMap((r) => {
    const parsed = entrySchema.safeParse(r.value);
    return parsed.success ? [parsed.data] : [];
  });
}

function totals(list: readonly Entry[]): { total: PurposeTotals; byPurpose: Record<Purpose, PurposeTotals> } {
  const byPurpose = Object.fromEntries(PURPOSES.map((p) => [p, { points: 0, requests: 0 }])) as Record<Purpose, PurposeTotals>;
  const total = { points: 0, requests: 0 };
  for (const e of list) {
    byPurpose[e.purpose].points += e.points;
    byPurpose[e.purpose].requests += e.requests;
    total.points += e.points;
    total.requests += e.requests;
  }
  return { total, byPurpose };
}

export interface LedgerSummary {
  hour: ReturnType<typeof totals>;
  today: ReturnType<typeof totals>;
  /** The latest quota headers any invocation saw today. */
  latestSignal: z.infer<typeof signalSchema> | null;
  /** Set while the hourly wall holds: when Jira said it clears. */
  wallClearsAt: string | null;
}

export async function ledgerSummary(now: Date): Promise<LedgerSummary> {
  const today = await entries(dayPrefix(day(now)));
  const byTime = [...today].sort((a, b) => a.at.localeCompare(b.at));
  const latestSignal = byTime.reverse().find((e) => e.signal !== null)?.signal ?? null;
  const wall = today.map((e) => e.wallClearsAt).filter((w): w is string => w !== null && Date.parse(w) > now.getTime());
  return {
    hour: totals(today.filter((e) => e.hour === hourOf(now))),
    today: totals(today),
    latestSignal,
    wallClearsAt: wall.sort().at(-1) ?? null,
  };
}

/** Deletes entries older than LEDGER_DAYS (the week before, so a missed daily run leaves nothing behind). */
export async function pruneLedger(now: Date): Promise<number> {
  let deleted = 0;
  for (let back = LEDGER_DAYS; back < 2 * LEDGER_DAYS; back++) {
    const stale = await scanPrefix(dayPrefix(day(new Date(now.getTime() - back * 86_400_000))));
    for (const r of stale) await kvs.delete(r.key);
    deleted += stale.length;
  }
  return deleted;
}

/**
 * What background work checks before it starts: today's background spend, and whether Jira's last word this hour was
 * "near limit" or a wall: two prefix reads (background today, foreground this hour), so a busy day of views does not
 * make every background event read the whole day.
 */
export async function backgroundGate(now: Date): Promise<{ backgroundToday: number; lastWasLimited: boolean }> {
  const [background, foreground] = await Promise.all([entries(`${dayPrefix(day(now))}bg:`), entries(`${dayPrefix(day(now))}fg:${hourOf(now).slice(11)}:`)]);
  const latest = [...background.filter((e) => e.hour === hourOf(now)), ...foreground]
    .filter((e) => e.signal !== null || e.wallClearsAt !== null)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return {
    backgroundToday: background.reduce((n, e) => n + e.points, 0),
    lastWasLimited: latest !== undefined && (latest.nearLimit || latest.wallClearsAt !== null),
  };
}

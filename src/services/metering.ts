import { AsyncLocalStorage } from 'node:async_hooks';
import { BACKGROUND_PURPOSES, CallMeter, type Purpose } from '../jira/points';
import { backgroundPointsToday, recordUsage } from '../storage/points-ledger';
import { readGlobal } from '../storage/settings-store';

/**
 * The invocation's purpose and points meter. Each handler names its purpose once, at its boundary (`metered('view',
 * ...)`); every Jira client the invocation creates (jira-context.ts) then counts into that meter, and the meter is
 * written to the ledger once, when the invocation's work ends. Background work starts with what is left of the
 * day's budget.
 */

const current = new AsyncLocalStorage<CallMeter>();

export function currentMeter(): CallMeter | undefined {
  return current.getStore();
}

export async function metered<T>(purpose: Purpose, fn: () => Promise<T>): Promise<T> {
  let budgetLeft: number | null = null;
  if (BACKGROUND_PURPOSES.has(purpose)) {
    const [global, spent] = await Promise.all([readGlobal(), backgroundPointsToday(new Date())]);
    budgetLeft = Math.max(0, global.settings.backgroundPointsPerDay - spent);
  }
  const meter = new CallMeter(purpose, budgetLeft);
  try {
    return await current.run(meter, fn);
  } finally {
    // The count is worth less than the work: a failed write is logged, never the invocation's failure.
    await recordUsage(meter, new Date()).catch((e: unknown) => console.error('KTLO Lens: could not record Jira points', e));
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallMeter } from '../jira/points';

/** The points meter of the invocation running now (set by metering.ts, read by every Jira client it creates). */
export const meterContext = new AsyncLocalStorage<CallMeter>();

export function currentMeter(): CallMeter | undefined {
  return meterContext.getStore();
}

import { getAppContext } from '@forge/api';
import { BACKGROUND_PURPOSES, CallMeter, type Purpose } from '../jira/points';
import { backgroundGate, ledgerEntry } from '../storage/points-ledger';
import { readGlobal } from '../storage/settings-store';
import { appJira } from './jira-context';
import { meterContext } from './meter-context';

/**
 * The invocation's purpose and points meter. Each handler names its purpose once, at its boundary (`metered('view',
 * ...)`); every Jira client the invocation creates (jira-context.ts) then counts into that meter, and the meter is
 * written to the ledger when the invocation's work ends. An invocation can be cut off at its deadline before that:
 * from FLUSH_RESERVE_MS before it, what was counted is written at once and again after every answered call, so each
 * call that reached Jira is in the ledger.
 *
 * Background work starts with what is left of the day's budget. When the last thing Jira told this site was "near
 * the limit" or a 429 wall, it first asks Jira again with the cheapest call there is (one permission of the app, 3
 * points) rather than with its own work, and yields at once if Jira still says so: resumed work then costs almost
 * nothing until the quota resets, and the answer comes from Jira's clock, not the app's.
 */

/** Within the Jira client's own reserve (requests stop 1.5 s before the deadline): room for a few kvs writes. */
const FLUSH_RESERVE_MS = 2_000;

const logFailure = (e: unknown): void => console.error('KTLO Lens: could not record Jira points', e);

export async function metered<T>(purpose: Purpose, fn: () => Promise<T>): Promise<T> {
  let budgetLeft: number | null = null;
  let probe = false;
  if (BACKGROUND_PURPOSES.has(purpose)) {
    const [global, gate] = await Promise.all([readGlobal(), backgroundGate(new Date())]);
    budgetLeft = Math.max(0, global.settings.backgroundPointsPerDay - gate.backgroundToday);
    probe = gate.lastWasLimited;
  }
  const meter = new CallMeter(purpose, budgetLeft);
  const entry = ledgerEntry(meter);
  const nearDeadline = setTimeout(() => {
    meter.onCharge = () => void entry.flush().catch(logFailure);
    void entry.flush().catch(logFailure);
  }, Math.max(0, getAppContext().invocationRemainingTimeInMillis() - FLUSH_RESERVE_MS));
  try {
    return await meterContext.run(meter, async () => {
      if (probe) await appJira().myPermissions(['ADMINISTER'], {});
      return fn();
    });
  } finally {
    clearTimeout(nearDeadline);
    // The count is worth less than the work: a failed write is logged, never the invocation's failure.
    await entry.flush().catch(logFailure);
  }
}

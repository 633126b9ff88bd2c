import { BACKGROUND_PURPOSES, CallMeter, type Purpose } from '../jira/points';
import { backgroundGate, recordUsage } from '../storage/points-ledger';
import { readGlobal } from '../storage/settings-store';
import { appJira } from './jira-context';
import { meterContext } from './meter-context';

/**
 * The invocation's purpose and points meter. Each handler names its purpose once, at its boundary (`metered('view',
 * ...)`); every Jira client the invocation creates (jira-context.ts) then counts into that meter, and the meter is
 * written to the ledger once, when the invocation's work ends.
 *
 * Background work starts with what is left of the day's budget. When the last thing Jira told this site was "near
 * the limit" or a 429 wall, it first asks Jira again with the cheapest call there is (one permission of the app, 3
 * points) rather than with its own work, and yields at once if Jira still says so: resumed work then costs almost
 * nothing until the quota resets, and the answer comes from Jira's clock, not the app's.
 */

export async function metered<T>(purpose: Purpose, fn: () => Promise<T>): Promise<T> {
  let budgetLeft: number | null = null;
  let probe = false;
  if (BACKGROUND_PURPOSES.has(purpose)) {
    const [global, gate] = await Promise.all([readGlobal(), backgroundGate(new Date())]);
    budgetLeft = Math.max(0, global.settings.backgroundPointsPerDay - gate.backgroundToday);
    probe = gate.lastWasLimited;
  }
  const meter = new CallMeter(purpose, budgetLeft);
  try {
    return await meterContext.run(meter, async () => {
      if (probe) await appJira().myPermissions(['ADMINISTER'], {});
      return fn();
    });
  } finally {
    // The count is worth less than the work: a failed write is logged, never the invocation's failure.
    await recordUsage(meter, new Date()).catch((e: unknown) => console.error('KTLO Lens: could not record Jira points', e));
  }
}

import type { ReadOptions } from '../reader/issue-list';
import { recentlyChanged } from './recent-changes';

/** The ids to reconcile on a read: the caller's own first, then those the app recently wrote or saw change (at most 50 are sent). */
export async function reconcileFor(read: Pick<ReadOptions, 'reconcile'>): Promise<string[]> {
  return [...new Set([...(read.reconcile ?? []), ...(await recentlyChanged())])];
}

/** The read options with the reconcile hint the app holds. */
export async function withReconcile(read: ReadOptions): Promise<ReadOptions> {
  return { ...read, reconcile: await reconcileFor(read) };
}

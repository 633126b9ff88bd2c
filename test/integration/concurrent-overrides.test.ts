import { DEV_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import { seededRandom } from '../../dev/seeded-random';
import { envelopeSchema } from '../../src/contracts/envelope';
import { issueViewSchema } from '../../src/contracts/resolvers';
import type { Category } from '../../src/domain/category';
import { auditTrail, readRevision, type AuditEntry } from '../../src/storage/overrides-store';
import { appWorld } from '../support/app-world';
import { browserIssue } from '../support/issue-panel';

/**
 * Many people changing one issue's override at once, with the KVS a few milliseconds away as on Forge: every change
 * keeps its audit entry, in time order, and each entry's "previous" is what the issue showed just before it.
 */

const world = appWorld();
const answerSchema = envelopeSchema(issueViewSchema);

const EDITORS = 12;
const OPS_PER_EDITOR = 5;
const LATENCY = { ms: 3, jitterMs: 4, seed: 7 };

type Op = { key: 'issue/setOverride'; payload: { category: Category } } | { key: 'issue/clearOverride'; payload: Record<string, never> };

/**
 * Where a serial history of the entries breaks: a set that changes nothing, a clear of no override, or a "previous"
 * that is not what the entry before left. `auto` is what the rules say without an override.
 */
function historyBreaks(entries: readonly AuditEntry[], auto: Category): string[] {
  const breaks: string[] = [];
  let override: Category | null = null;
  entries.forEach((e, i) => {
    const shown = override ?? auto;
    if (e.action === 'set' && override === e.category) breaks.push(`#${i} sets ${e.category} over an override of ${override}`);
    if (e.action === 'clear' && override === null) breaks.push(`#${i} clears with no override`);
    if (e.previous !== (e.action === 'clear' ? override : shown)) breaks.push(`#${i} ${e.action} says previous ${e.previous}, the issue showed ${shown}`);
    override = e.action === 'set' ? e.category : null;
  });
  return breaks;
}

it(`${EDITORS} editors x ${OPS_PER_EDITOR} changes of one issue under ${LATENCY.ms}+${LATENCY.jitterMs} ms KVS latency keep every entry, in order, with the right previous`, async () => {
  const h = await world.start(undefined, { kvsLatency: LATENCY });
  const issue = findIssue(h.jira.site, 'OPS-113');
  if (!issue) throw new Error('demo site has no OPS-113');
  const extension = { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
  const random = seededRandom(42);
  const pick = (): Op => {
    const r = random();
    return r < 0.35 ? { key: 'issue/setOverride', payload: { category: 'PROJECT' } } : r < 0.7 ? { key: 'issue/setOverride', payload: { category: 'KTLO' } } : { key: 'issue/clearOverride', payload: {} };
  };
  const plans = Array.from({ length: EDITORS }, () => Array.from({ length: OPS_PER_EDITOR }, pick));
  const answers = await Promise.all(
    plans.map(async (ops) => {
      const out: Array<ReturnType<typeof answerSchema.parse>> = [];
      for (const op of ops) out.push(answerSchema.parse(await h.resolve('issue-panel-resolver', op.key, op.payload, { accountId: DEV_ACCOUNT_ID, extension })));
      return out;
    }),
  );
  expect(answers.flat().filter((a) => !a.ok)).toEqual([]);

  const entries = (await auditTrail()).filter((e) => e.issueId === issue.id);
  const final = await browserIssue(h, { accountId: DEV_ACCOUNT_ID, extension });
  if (!final.ok) throw new Error(final.error.message);
  const finalOverride = final.data.override;
  const last = entries[entries.length - 1];
  expect({
    breaks: historyBreaks(entries, 'KTLO'),
    inTimeOrder: entries.every((e, i) => i === 0 || (entries[i - 1]?.at ?? '') <= e.at),
    lastEntryIsTheOverride: (last?.action === 'set' ? last.category : null) === (finalOverride?.category ?? null),
  }).toEqual({ breaks: [], inTimeOrder: true, lastEntryIsTheOverride: true });
  // Every committed change is an entry: the issue's revision counts the changes, the trail holds as many.
  expect(entries.length).toBe((await readRevision(issue.id)).revision);
  expect(entries.length).toBeGreaterThan(EDITORS);
}, 60_000);

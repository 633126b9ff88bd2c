import { ADMIN_ACCOUNT_ID, DEV_ACCOUNT_ID, findIssue } from '../../dev/jira/site';
import { envelopeSchema } from '../../src/contracts/envelope';
import { ruleSuggestionSchema } from '../../src/contracts/resolvers';
import { appWorld } from '../support/app-world';

/** issue/suggestRule through the real resolver: terms that generalise, measured on the project's other issues. */

const world = appWorld();

it("OPS-113's suggestion offers no month, date or number, and counts what each term would flip", async () => {
  const host = await world.start();
  const issue = findIssue(host.jira.site, 'OPS-113');
  if (!issue) throw new Error('demo site has no OPS-113');
  const extension = { type: 'jira:issueContext', issue: { id: issue.id, key: issue.key }, project: { key: issue.projectKey } };
  await host.resolve('issue-panel-resolver', 'issue/setOverride', { category: 'PROJECT' }, { accountId: DEV_ACCOUNT_ID, extension });
  const answer = envelopeSchema(ruleSuggestionSchema).parse(await host.resolve('issue-panel-resolver', 'issue/suggestRule', {}, { accountId: ADMIN_ACCOUNT_ID, extension }));
  if (!answer.ok) throw new Error(answer.error.message);
  const { data } = answer;
  expect(data.category).toBe('PROJECT');
  const projectIssues = [...host.jira.site.issues.values()].filter((i) => i.projectKey === issue.projectKey).length;
  expect(data.examined).toBeGreaterThan(10);
  expect(data.examined).toBeLessThanOrEqual(Math.min(200, projectIssues) - 1);
  const terms = [...data.labels, ...data.phrases];
  expect(terms.map((t) => t.term).filter((t) => /november|december|october|\d/i.test(t))).toEqual([]);
  for (const t of terms) {
    expect(t.matches).toBeGreaterThan(0);
    expect(t.flips).toBeLessThanOrEqual(t.matches);
  }
});

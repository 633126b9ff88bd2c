import { DEFAULT_GLOBAL_CONFIG, resolveConfig } from '../../src/domain/config';
import { classifyBatch, NO_DECISIONS } from '../../src/domain/decide';
import type { NormalizedIssue } from '../../src/domain/issue';
import { OPS_EPICS, WEB_EPICS, type Epic, type WorkItem } from '../../dev/jira/demo-content';
import { issue } from '../support/issues';

/**
 * The demo site's epics are project work, and so are the stories and tasks under them (story() and task() in
 * dev/jira/demo-content.ts; its KTLO is written with ktlo() and lives outside the epics). Each child is read the way
 * Jira hands it over: its own fields, and a parent reference with the epic's key, summary, type and labels.
 */

const config = resolveConfig(DEFAULT_GLOBAL_CONFIG);

function epicIssue(epic: Epic, key: string): NormalizedIssue {
  return issue({ key, summary: epic.summary, description: epic.description, issueType: 'Epic', hierarchyLevel: 1, labels: epic.labels ?? [], components: epic.components });
}

function childIssue(child: WorkItem, key: string, epic: Epic, epicKey: string): NormalizedIssue {
  return issue({
    key,
    summary: child.summary,
    description: child.description,
    issueType: child.type,
    labels: child.labels ?? [],
    components: child.components ?? [],
    estimate: child.points ?? null,
    parent: { key: epicKey, summary: epic.summary, issueType: 'Epic', isEpic: true, labels: epic.labels ?? [] },
  });
}

const epics = [...OPS_EPICS.map((e, i) => ({ epic: e, key: `OPS-E${i}` })), ...WEB_EPICS.map((e, i) => ({ epic: e, key: `WEB-E${i}` }))];

describe.each(epics)('the demo epic $epic.summary', ({ epic, key }) => {
  const children = epic.children.map((c, i) => childIssue(c, `${key}-${i}`, epic, key));

  it('is project work', () => {
    const [decided] = classifyBatch([epicIssue(epic, key)], config, NO_DECISIONS);
    expect(decided?.classification).toMatchObject({ category: 'PROJECT', unsure: false });
  });

  it.each([
    ['with the epic in the same batch', true],
    ['with the epic outside the batch (only its reference)', false],
  ])('its stories and tasks are project work, %s', (_how, withEpic) => {
    const batch = withEpic ? [epicIssue(epic, key), ...children] : children;
    const wrong = classifyBatch(batch, config, NO_DECISIONS)
      .filter((c) => c.issue.hierarchyLevel === 0 && c.classification.category !== 'PROJECT')
      .map((c) => `${c.issue.summary}: ${c.classification.category} ${c.classification.confidence} (${c.classification.reasons[0] ?? ''})`);
    expect(wrong).toEqual([]);
  });
});

describe("the near-identical burn-rate stories of the epic 'Redesign alerting around SLOs'", () => {
  const slo = epics.find((e) => e.epic.summary === 'Redesign alerting around SLOs');
  if (!slo) throw new Error('the demo content lost its SLO epic');
  const burnRate = slo.epic.children.flatMap((c, i) => (c.summary.startsWith('Burn-rate alerts for the') ? [childIssue(c, `${slo.key}-${i}`, slo.epic, slo.key)] : []));

  it('agree, as project work that follows the epic', () => {
    expect(burnRate).toHaveLength(2);
    for (const c of classifyBatch(burnRate, config, NO_DECISIONS)) {
      expect(c.classification).toMatchObject({ category: 'PROJECT', source: 'parent', unsure: false });
    }
  });
});

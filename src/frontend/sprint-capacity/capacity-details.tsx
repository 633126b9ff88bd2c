import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useId, useState, type ReactNode } from 'react';
import type { SprintCapacity } from '../../contracts/resolvers';
import { confidenceText } from '../shared/format';
import { IssueLink } from '../shared/issue-link';
import { Notice } from '../shared/notice';
import { cell, numberCell, tableStyle } from '../shared/table-style';
import type { Category } from '../../domain/category';
import { LevelLink } from '../shared/level-link';
import { amount } from './capacity-format';
import type { Flips } from './what-if';

type Issue = SprintCapacity['issues'][number];

/** The what-if of the view: which issues the planner flipped, and how to flip one more (or back). */
export interface WhatIf {
  flips: Flips;
  onFlip: (key: string, category: Category) => void;
}

/** The numbers behind the bar: KTLO planned and unplanned, project, unestimated, capacity, reserve and room. */
export function CapacityFigures({ view }: { view: SprintCapacity }) {
  const u = view.unit;
  const rows: Array<[string, ReactNode, string]> = [
    ['KTLO', amount(view.ktloPoints, u), 'ktlo-points'],
    ...(view.ktloSplit
      ? ([
          ['KTLO planned at sprint start', amount(view.ktloSplit.planned, u), 'ktlo-planned'],
          ['KTLO added during the sprint (unplanned)', amount(view.ktloSplit.unplanned, u), 'ktlo-unplanned'],
        ] as Array<[string, ReactNode, string]>)
      : []),
    ['Project work', amount(view.projectPoints, u), 'project-points'],
    ['Not estimated', `${view.unestimated.length} ${view.unestimated.length === 1 ? 'issue' : 'issues'}`, 'unestimated-count'],
    ['Team capacity', teamCapacityText(view), 'team-capacity'],
    ['Reserved for KTLO', view.reserved ? `${amount(view.reserved.min, u)} to ${amount(view.reserved.max, u)}` : 'Needs a team capacity', 'reserved'],
    ['Room left for project work', view.projectRoom === null ? 'Needs a team capacity' : amount(view.projectRoom, u), 'project-room'],
  ];
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: token('space.200'), rowGap: token('space.050') }}>
      {rows.map(([term, value, testId]) => (
        <div key={testId} style={{ display: 'contents' }}>
          <dt style={{ color: token('color.text.subtle') }}>{term}</dt>
          <dd style={{ margin: 0 }} data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** "30 points (board setting)", the level a link to the board's capacity field; "28 points (from velocity, approximate)". */
function teamCapacityText(view: SprintCapacity): ReactNode {
  const team = view.teamCapacity;
  if (!team) return 'Not known: the share is of the sprint’s estimated work';
  const approximate = team.approximate ? ', approximate' : '';
  if (team.source !== 'configured') return `${amount(team.value, view.unit)} (from velocity${approximate})`;
  return (
    <>
      {`${amount(team.value, view.unit)} (`}
      <LevelLink level={view.levels.teamCapacity} field="teamCapacity" />
      {`${approximate})`}
    </>
  );
}

/**
 * Why a board's past sprints are not measured, when they never will be as things stand: the backfill measures only
 * boards located in a project KTLO Lens is turned on for. `projectKey` null: the board is in no single project (a
 * board located on a person, not a project).
 */
export interface NotMeasured {
  projectKey: string | null;
}

/** Notes that change how far the numbers can be trusted; `notMeasured` when history pending is not a matter of time. */
export function CapacityWarnings({ view, notMeasured }: { view: SprintCapacity; notMeasured: NotMeasured | null }) {
  return (
    <>
      {view.historyPending && notMeasured !== null ? (
        <Notice appearance="information" title="Sprint history is not measured for this board" headingLevel="h3" testId="history-pending">
          <p style={{ margin: 0 }}>
            {notMeasured.projectKey !== null
              ? `History is measured only for projects KTLO Lens is turned on for: an admin turns on ${notMeasured.projectKey} in the app’s settings. Until then velocity and the unplanned split rest on this sprint alone.`
              : 'History is measured only for boards located in a project KTLO Lens is turned on for, and this board is located in no project (Jira’s board settings, General, Location). Until a board admin moves it to a project that is turned on, velocity and the unplanned split rest on this sprint alone: set a team capacity in the board settings to check the sprint against a fixed capacity.'}
          </p>
        </Notice>
      ) : null}
      {view.historyPending && notMeasured === null ? (
        <Notice appearance="information" title="Sprint history is still being measured" headingLevel="h3" testId="history-pending">
          <p style={{ margin: 0 }}>KTLO Lens is measuring this board’s past sprints in the background. Velocity and the unplanned split get more accurate once it is done: refresh in a few minutes.</p>
        </Notice>
      ) : null}
      {view.unestimated.length > 0 ? (
        <Notice appearance="warning" title={`${view.unestimated.length} ${view.unestimated.length === 1 ? 'issue has' : 'issues have'} no estimate`} headingLevel="h3" testId="unestimated-warning">
          <p style={{ margin: 0 }}>They are not counted in the share: {view.unestimated.join(', ')}.</p>
        </Notice>
      ) : null}
      {view.lowConfidence.length > 0 ? (
        <Notice appearance="warning" title={`${view.lowConfidence.length} ${view.lowConfidence.length === 1 ? 'issue is' : 'issues are'} classified with low confidence`} headingLevel="h3" testId="low-confidence-warning">
          <p style={{ margin: 0 }}>Check their category (an override on the issue settles it): {view.lowConfidence.join(', ')}.</p>
        </Notice>
      ) : null}
    </>
  );
}

/** The sprint's issues by category, each key a link to the issue in Jira; with `rows` false, only the lists' headings. */
export function IssueLists({ view, whatIf, rows }: { view: SprintCapacity; whatIf?: WhatIf; rows: boolean }) {
  const unestimated = new Set(view.unestimated);
  const ktlo = view.issues.filter((i) => i.category === 'KTLO' && !unestimated.has(i.key));
  const project = view.issues.filter((i) => i.category === 'PROJECT' && !unestimated.has(i.key));
  const none = view.issues.filter((i) => unestimated.has(i.key));
  return (
    <Stack space="space.200">
      <IssueList title="KTLO issues" issues={unplannedFirst(ktlo)} view={view} whatIf={whatIf} rows={rows} testId="ktlo-issues" />
      <IssueList title="Project issues" issues={project} view={view} whatIf={whatIf} rows={rows} testId="project-issues" />
      {none.length > 0 ? <IssueList title="Not estimated" issues={none} view={view} rows={rows} testId="unestimated-issues" /> : null}
    </Stack>
  );
}

/** Unplanned KTLO first: it is what the team did not plan for. */
function unplannedFirst(issues: Issue[]): Issue[] {
  return [...issues].sort((a, b) => Number(b.unplanned) - Number(a.unplanned));
}

/**
 * Issues a list shows at first, and how many more each "Show more" adds: a sprint of a thousand issues draws its
 * figures at once, and its lists as far as the planner reads them (every row is a link and a what-if button).
 */
export const LIST_PAGE = 50;

function IssueList({ title, issues: all, view, whatIf, rows, testId }: { title: string; issues: Issue[]; view: SprintCapacity; whatIf?: WhatIf | undefined; rows: boolean; testId: string }) {
  const headingId = useId();
  const [limit, setLimit] = useState(LIST_PAGE);
  const low = new Set(view.lowConfidence);
  // A what-if flip moves an issue to the other list: it shows first there, so the planner sees where it went.
  const flipped = whatIf ? all.filter((i) => whatIf.flips[i.key] !== undefined) : [];
  const ordered = flipped.length === 0 ? all : [...flipped, ...all.filter((i) => whatIf?.flips[i.key] === undefined)];
  const issues = ordered.slice(0, limit);
  const hidden = all.length - issues.length;
  return (
    <section aria-labelledby={headingId}>
      <Heading size="xsmall" as="h3" id={headingId}>
        {`${title} (${all.length})`}
      </Heading>
      {!rows ? null : issues.length === 0 ? (
        <Text color="color.text.subtle">None in this sprint.</Text>
      ) : (
        <table aria-labelledby={headingId} data-testid={testId} style={{ ...tableStyle, marginTop: token('space.050') }}>
          <thead>
            <tr>
              <th scope="col" style={cell}>Issue</th>
              <th scope="col" style={cell}>Summary</th>
              <th scope="col" style={numberCell}>Estimate</th>
              <th scope="col" style={cell}>Notes</th>
              {whatIf ? <th scope="col" style={cell}>What-if</th> : null}
            </tr>
          </thead>
          <tbody>
            {issues.map((issue) => (
              <tr key={issue.key} data-testid={`${testId}-${issue.key}`}>
                <th scope="row" style={{ ...cell, fontWeight: token('font.weight.regular') }}>
                  <IssueLink issueKey={issue.key} />
                </th>
                <td style={cell}>{issue.summary}</td>
                <td style={numberCell}>{issue.estimate === null ? 'no estimate' : amount(issue.estimate, view.unit)}</td>
                <td style={{ ...cell, color: token('color.text.subtle') }}>{notes(issue, low, whatIf).join(', ')}</td>
                {whatIf ? (
                  <td style={cell}>
                    <FlipButton issue={issue} whatIf={whatIf} />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows && hidden > 0 ? (
        <Button appearance="subtle" spacing="compact" onClick={() => setLimit((n) => n + LIST_PAGE)} testId={`${testId}-more`}>
          {`Show ${Math.min(hidden, LIST_PAGE)} more of ${hidden} not shown`}
        </Button>
      ) : null}
    </section>
  );
}

/** Flip in the view only: the button says so, and a flipped issue flips back the same way. */
function FlipButton({ issue, whatIf }: { issue: Issue; whatIf: WhatIf }) {
  const to: Category = issue.category === 'KTLO' ? 'PROJECT' : 'KTLO';
  const label = to === 'KTLO' ? 'What if KTLO?' : 'What if project work?';
  return (
    <Button appearance="subtle" spacing="compact" onClick={() => whatIf.onFlip(issue.key, to)} testId={`flip-${issue.key}`} aria-label={`${label} ${issue.key} (not saved)`}>
      {label}
    </Button>
  );
}

/** What the row's Notes cell says: added during the sprint, low confidence, flipped in the what-if. */
function notes(issue: Issue, low: Set<string>, whatIf: WhatIf | undefined): string[] {
  return [
    ...(issue.unplanned ? ['added during the sprint'] : []),
    ...(low.has(issue.key) ? [confidenceText(issue.confidence).toLowerCase()] : []),
    ...(whatIf?.flips[issue.key] !== undefined ? ['flipped (what-if)'] : []),
  ];
}

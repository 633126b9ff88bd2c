import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useRef } from 'react';
import type { FlowView } from '../../contracts/resolvers';
import { getFlow } from '../api/capacity';
import { IssueLink } from '../shared/issue-link';
import { ErrorMessage, Loading } from '../shared/states';
import type { SettingLevel } from '../../domain/config';
import { LevelLink } from '../shared/level-link';
import { captionStyle, cell, numberCell, tableStyle } from '../shared/table-style';
import { levelWords, percent } from '../sprint-capacity/capacity-format';
import { count, days, formatDay } from './project-format';
import { useLoad } from './use-load';

type WipStatus = FlowView['ktloWip']['status'];

const WIP_LOOK: Record<WipStatus, { words: string; lozenge: 'success' | 'removed' | 'default'; fill: string }> = {
  within: { words: 'Within the WIP limit', lozenge: 'success', fill: token('color.background.success.bold') },
  over: { words: 'Over the WIP limit', lozenge: 'removed', fill: token('color.background.danger.bold') },
  'no-limit': { words: 'No WIP limit set', lozenge: 'default', fill: token('color.background.neutral.bold') },
};

const KTLO_FILL = token('color.background.accent.blue.bolder');
const PROJECT_FILL = token('color.background.accent.purple.bolder');

/** Where a board's KTLO WIP limit is set: only the board sets one, in the board settings of its backlog action. */
const WIP_SETTING_BELOW = 'in the board settings below';
const WIP_SETTING_ELSEWHERE = 'in the board settings of “KTLO capacity”, the KTLO Lens item of the ••• menu on this board’s backlog';

/**
 * "5 KTLO issues in progress, 2 over the limit of 3 (board setting)." Without a limit it says where one is set:
 * `settingsBelow` when the board settings are on the same surface (the backlog action), else where they are.
 */
export function wipSentence(wip: FlowView['ktloWip'], level: FlowView['levels']['wipLimit'], settingsBelow: boolean): string {
  const inProgress = `${count(wip.count, 'KTLO issue', 'KTLO issues')} in progress`;
  if (wip.status === 'no-limit' || wip.limit === null) {
    return `${inProgress}. This board has no KTLO WIP limit, so there is nothing to hold it against: an admin of the board can set one (“KTLO WIP limit (Kanban)”) ${settingsBelow ? WIP_SETTING_BELOW : WIP_SETTING_ELSEWHERE}.`;
  }
  const limit = `the limit of ${wip.limit} (${levelWords(level)})`;
  if (wip.status === 'over') return `${inProgress}, ${wip.count - wip.limit} over ${limit}. Finish KTLO work before starting more.`;
  return `${inProgress}, within ${limit}.`;
}

/**
 * Kanban flow of one board, measured in the browser: KTLO WIP against its limit, cycle time, weekly throughput. Where
 * the board settings are on the same surface (`settingsBelow`), each of their saves bumps `saves`, and the flow is
 * measured again from the app's data the save asked afresh (one load), so a new WIP limit shows at once.
 */
export function FlowPanel({ boardId, locale, settingsBelow = false, saves = 0 }: { boardId: number | null; locale: string | undefined; settingsBelow?: boolean; saves?: number }) {
  const fetch = useCallback((fresh: boolean) => getFlow(boardId, fresh), [boardId]);
  const { load, refreshing, announcement, refresh, redraw, retry } = useLoad(fetch, 'Flow refreshed.');
  const seenSaves = useRef(saves);
  useEffect(() => {
    if (saves === seenSaves.current) return;
    seenSaves.current = saves;
    redraw();
  }, [saves, redraw]);
  return (
    <Stack space="space.200">
      {load.status === 'loading' ? <Loading label="Measuring the board’s flow…" /> : null}
      {load.status === 'failed' ? <ErrorMessage error={load.error} onRetry={retry} /> : null}
      {load.status === 'ready' ? <FlowDetails view={load.data} locale={locale} refreshing={refreshing} onRefresh={refresh} settingsBelow={settingsBelow} /> : null}
      <div role="status" aria-live="polite" data-testid="flow-announcement">
        {announcement ? <Text size="small">{announcement}</Text> : null}
      </div>
    </Stack>
  );
}

function FlowDetails({ view, locale, refreshing, onRefresh, settingsBelow }: { view: FlowView; locale: string | undefined; refreshing: boolean; onRefresh: () => void; settingsBelow: boolean }) {
  return (
    <Stack space="space.300" testId="flow-view">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Stack space="space.025">
          <Heading size="small" as="h2">
            {`Kanban flow of ${view.board.name}`}
          </Heading>
          <Text size="small" color="color.text.subtle">{`Open work now, finished work over the last ${view.throughput.length} weeks`}</Text>
        </Stack>
        <Button onClick={onRefresh} isLoading={refreshing} testId="flow-refresh">
          Refresh
        </Button>
      </Inline>
      <WipSection view={view} settingsBelow={settingsBelow} />
      <CycleTimeSection view={view} />
      <ThroughputSection view={view} locale={locale} />
    </Stack>
  );
}

/** The sentence with its "(board setting)" as a link to where the limit is set (only a board sets one). */
function WithLevelLink({ sentence, level }: { sentence: string; level: SettingLevel }) {
  const named = `(${levelWords(level)})`;
  const at = sentence.indexOf(named);
  if (at < 0) return <>{sentence}</>;
  return (
    <>
      {`${sentence.slice(0, at)}(`}
      <LevelLink level={level} field="wipLimit" />
      {`)${sentence.slice(at + named.length)}`}
    </>
  );
}

function WipSection({ view, settingsBelow }: { view: FlowView; settingsBelow: boolean }) {
  const headingId = useId();
  const wip = view.ktloWip;
  const look = WIP_LOOK[wip.status];
  const sentence = wipSentence(wip, view.levels.wipLimit, settingsBelow);
  const scale = wip.limit === null ? 0 : Math.max(wip.limit, wip.count, 1);
  return (
    <section aria-labelledby={headingId}>
      <Stack space="space.100">
        <Heading size="xsmall" as="h3" id={headingId}>
          KTLO work in progress
        </Heading>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="bold" testId="wip-count">
            {wip.limit === null ? `${wip.count} in progress` : `${wip.count} of ${wip.limit}`}
          </Text>
          <Lozenge appearance={look.lozenge} isBold testId="wip-status">
            {look.words}
          </Lozenge>
        </Inline>
        {wip.limit === null ? null : (
          <div
            role="meter"
            aria-label="KTLO work in progress against its limit"
            aria-valuemin={0}
            aria-valuemax={scale}
            aria-valuenow={wip.count}
            aria-valuetext={sentence}
            data-testid="wip-meter"
            style={{ position: 'relative', height: '16px', borderRadius: token('radius.small'), backgroundColor: token('color.background.neutral'), overflow: 'hidden' }}
          >
            <div style={{ position: 'absolute', top: '4px', bottom: '4px', left: 0, width: `${(wip.count / scale) * 100}%`, backgroundColor: look.fill, borderRadius: token('radius.small') }} />
            <div
              aria-hidden
              data-testid="wip-limit-mark"
              style={{ position: 'absolute', top: 0, bottom: 0, left: `calc(${(wip.limit / scale) * 100}% - 1px)`, width: '2px', backgroundColor: token('color.border.bold') }}
            />
          </div>
        )}
        <Text testId="wip-sentence">
          <WithLevelLink sentence={sentence} level={view.levels.wipLimit} />
        </Text>
        <InProgressList issues={wip.issues} />
        <Text size="small" color="color.text.subtle" testId="project-wip">{`Project work in progress: ${count(view.wip.PROJECT, 'issue', 'issues')}.`}</Text>
      </Stack>
    </section>
  );
}

/** The KTLO issues in progress, oldest first, each with how long it has been in progress. */
function InProgressList({ issues }: { issues: FlowView['ktloWip']['issues'] }) {
  if (issues.length === 0) return null;
  return (
    <table style={tableStyle} data-testid="wip-issues">
      <caption style={captionStyle}>KTLO issues in progress, oldest first</caption>
      <thead>
        <tr>
          <th scope="col" style={cell}>Issue</th>
          <th scope="col" style={numberCell}>In progress for</th>
        </tr>
      </thead>
      <tbody>
        {issues.map((issue) => (
          <tr key={issue.key} data-testid={`wip-issue-${issue.key}`}>
            <th scope="row" style={{ ...cell, fontWeight: token('font.weight.regular') }}>
              <IssueLink issueKey={issue.key} />
            </th>
            <td style={numberCell}>{days(issue.ageDays)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CycleTimeSection({ view }: { view: FlowView }) {
  const rows = [
    ['KTLO', view.cycleTime.KTLO, 'cycle-ktlo'],
    ['Project work', view.cycleTime.PROJECT, 'cycle-project'],
  ] as const;
  return (
    <Stack space="space.050">
      <table style={tableStyle} data-testid="cycle-time">
        <caption style={captionStyle}>Cycle time (from start to done)</caption>
        <thead>
          <tr>
            <th scope="col" style={cell}>Category</th>
            <th scope="col" style={numberCell}>Median (p50)</th>
            <th scope="col" style={numberCell}>85th percentile (p85)</th>
            <th scope="col" style={numberCell}>Finished issues measured</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, c, testId]) => (
            <tr key={testId} data-testid={testId}>
              <th scope="row" style={cell}>{label}</th>
              <td style={numberCell}>{days(c.p50)}</td>
              <td style={numberCell}>{days(c.p85)}</td>
              <td style={numberCell}>{c.samples}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Text size="small" color="color.text.subtle">Half the finished issues took the median or less; 85 in 100 took the p85 or less. “–” means none finished in the window.</Text>
    </Stack>
  );
}

function Swatch({ fill }: { fill: string }) {
  return <span aria-hidden style={{ display: 'inline-block', width: '10px', height: '10px', borderRadius: token('radius.xsmall'), backgroundColor: fill, marginRight: token('space.050') }} />;
}

/** A table that is also the bar chart: each count has a bar beside it, scaled to the busiest week. */
function ThroughputSection({ view, locale }: { view: FlowView; locale: string | undefined }) {
  const max = Math.max(1, ...view.throughput.map((w) => Math.max(w.KTLO, w.PROJECT)));
  const ktlo = view.throughput.reduce((n, w) => n + w.KTLO, 0);
  const total = view.throughput.reduce((n, w) => n + w.KTLO + w.PROJECT, 0);
  const bar = (value: number, fill: string) => (
    <span aria-hidden style={{ display: 'inline-block', verticalAlign: 'middle', height: '10px', width: `${(value / max) * 8}rem`, backgroundColor: fill, borderRadius: token('radius.xsmall'), marginLeft: token('space.100') }} />
  );
  const share =
    view.ktloThroughputShare === null
      ? `No issues finished in the last ${view.throughput.length} weeks, so there is no KTLO share of throughput yet.`
      : `KTLO was ${percent(view.ktloThroughputShare)} of the issues finished in the last ${view.throughput.length} weeks (${ktlo} of ${total}).`;
  return (
    <Stack space="space.100">
      <Text weight="bold" testId="throughput-share">
        {share}
      </Text>
      <table style={tableStyle} data-testid="throughput">
        <caption style={captionStyle}>Issues finished per week</caption>
        <thead>
          <tr>
            <th scope="col" style={cell}>Week starting</th>
            <th scope="col" style={cell}>
              <Swatch fill={KTLO_FILL} />
              KTLO
            </th>
            <th scope="col" style={cell}>
              <Swatch fill={PROJECT_FILL} />
              Project work
            </th>
          </tr>
        </thead>
        <tbody>
          {view.throughput.map((w) => (
            <tr key={w.weekStart}>
              <th scope="row" style={{ ...cell, fontWeight: token('font.weight.regular') }}>{formatDay(w.weekStart, locale)}</th>
              <td style={cell}>
                <span style={{ display: 'inline-block', minWidth: '2ch', textAlign: 'right' }}>{w.KTLO}</span>
                {bar(w.KTLO, KTLO_FILL)}
              </td>
              <td style={cell}>
                <span style={{ display: 'inline-block', minWidth: '2ch', textAlign: 'right' }}>{w.PROJECT}</span>
                {bar(w.PROJECT, PROJECT_FILL)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Stack>
  );
}

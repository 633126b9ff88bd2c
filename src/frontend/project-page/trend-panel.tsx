import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useState, type MouseEvent } from 'react';
import type { TrendView } from '../../contracts/resolvers';
import { getTrend, openIssue } from '../api/capacity';
import { Notice } from '../shared/notice';
import { ErrorMessage, Loading } from '../shared/states';
import { LevelLink } from '../shared/level-link';
import { bandText, percent, STATUS_WORDS } from '../sprint-capacity/capacity-format';
import { Picker } from '../sprint-capacity/pickers';
import { rangeText } from '../sprint-capacity/verdict-notices';
import { count, formatDay, points } from './project-format';
import { BAND_EDGE, BAND_FILL, drawnSeries, PLANNED_FILL, RANGE_STROKE, TrendChart, UNPLANNED_FILL, UNSPLIT_FILL, type Series } from './trend-chart';
import { trendCsv, trendCsvFilename } from './trend-csv';
import { useLoad } from './use-load';

const SPRINT_COUNTS = [6, 12, 26];

/** Loaded with its own answer, not with the tab. */
const ReserveSuggestion = lazy(() => import('../sprint-capacity/reserve-suggestion.js').then((m) => ({ default: m.ReserveSuggestion })));

type Period = 'week' | 'month';
const PERIODS: readonly Period[] = ['week', 'month'];
const PERIOD_COUNTS: Record<Period, number[]> = { week: [8, 12, 26], month: [6, 12] };
const PERIOD_WORDS: Record<Period | 'sprint', [string, string]> = { sprint: ['sprint', 'sprints'], week: ['week', 'weeks'], month: ['month', 'months'] };

/**
 * Trends of one board, measured in the browser: per sprint on a scrum board, per week or month of finished work on a
 * Kanban board (the KTLO share of throughput, weighted as the board weighs issues), in the same chart; recurring KTLO work.
 */
export function TrendPanel({ boardId, boardType, locale }: { boardId: number | null; boardType: string | null; locale: string | undefined }) {
  const [sprints, setSprints] = useState(6);
  const [period, setPeriod] = useState<Period>('week');
  const [periods, setPeriods] = useState(12);
  const fetch = useCallback((fresh: boolean) => getTrend(boardId, { sprints, period, periods }, fresh), [boardId, sprints, period, periods]);
  const { load, refreshing, announcement, refresh, retry } = useLoad(fetch, 'Trends refreshed.');
  // The page may not know the board's type (a board in its context without one): the last answer says what it measured.
  const [kanban, setKanban] = useState(boardType === 'kanban');
  const measuredKanban = load.status === 'ready' ? load.data.period !== 'sprint' : null;
  useEffect(() => {
    if (measuredKanban !== null) setKanban(measuredKanban);
  }, [measuredKanban]);
  // What the board has, once an answer showed fewer than asked: the picker then says which choices ask for more.
  const [exist, setExist] = useState<Partial<Record<Period | 'sprint', number>>>({});
  const shortOf = load.status === 'ready' && load.data.available < load.data.asked ? { period: load.data.period, available: load.data.available } : null;
  useEffect(() => {
    if (shortOf) setExist((known) => ({ ...known, [shortOf.period]: shortOf.available }));
  }, [shortOf?.period, shortOf?.available]);
  const pickPeriod = (p: Period): void => {
    setPeriod(p);
    setPeriods(12);
  };
  return (
    <Stack space="space.200">
      {kanban ? (
        <Inline space="space.200" shouldWrap alignBlock="end">
          <Picker label="Per" testId="trend-period" value={PERIODS.indexOf(period)} onChange={(i) => pickPeriod(PERIODS[i] ?? 'week')} options={PERIODS.map((p, i) => ({ id: i, label: p === 'week' ? 'Week' : 'Month' }))} />
          <Picker label={period === 'week' ? 'Weeks to compare' : 'Months to compare'} testId="trend-periods" value={periods} onChange={setPeriods} options={PERIOD_COUNTS[period].map((n) => ({ id: n, label: countLabel(n, period, exist[period]) }))} />
        </Inline>
      ) : (
        <Picker label="Sprints to compare" testId="trend-sprints" value={sprints} onChange={setSprints} options={SPRINT_COUNTS.map((n) => ({ id: n, label: countLabel(n, 'sprint', exist.sprint) }))} />
      )}
      {load.status === 'loading' ? <Loading label={kanban ? 'Reading what the board finished…' : 'Reading the board’s sprints…'} /> : null}
      {load.status === 'failed' ? <ErrorMessage error={load.error} onRetry={retry} /> : null}
      {load.status === 'ready' ? <TrendDetails view={load.data} locale={locale} refreshing={refreshing} onRefresh={refresh} /> : null}
      <Suspense fallback={<Loading label="Working out a reserve from the board’s history…" />}>
        <ReserveSuggestion key={boardId ?? 'ctx'} boardId={boardId} onApplied={refresh} />
      </Suspense>
      <div role="status" aria-live="polite" data-testid="trend-announcement">
        {announcement ? <Text size="small">{announcement}</Text> : null}
      </div>
    </Stack>
  );
}

/** "Last 12 sprints", or "Last 12 sprints (only 6 closed)" once the board is known to have fewer. */
function countLabel(n: number, period: Period | 'sprint', exist: number | undefined): string {
  const base = `Last ${n} ${PERIOD_WORDS[period][1]}`;
  if (exist === undefined || exist >= n) return base;
  return `${base} (only ${exist} ${period === 'sprint' ? 'closed' : 'with finished work'})`;
}

function TrendDetails({ view, locale, refreshing, onRefresh }: { view: TrendView; locale: string | undefined; refreshing: boolean; onRefresh: () => void }) {
  return (
    <Stack space="space.300" testId="trend-view">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Stack space="space.025">
          <Heading size="small" as="h2">
            {`KTLO trend of ${view.board.name}`}
          </Heading>
          <Text size="small" color="color.text.subtle" testId="trend-band-text">
            {`Reserved band ${bandText(view.band)} (`}
            <LevelLink level={view.levels.band} field="band" />)
          </Text>
          {view.available < view.asked ? (
            <Text size="small" color="color.text.subtle" testId="trend-available">
              {`${view.available} of ${view.asked} ${PERIOD_WORDS[view.period][1]} available`}
            </Text>
          ) : null}
        </Stack>
        <Inline space="space.100" alignBlock="center">
          {view.points.length > 0 ? <CsvLink view={view} /> : null}
          <Button onClick={onRefresh} isLoading={refreshing} testId="trend-refresh">
            Refresh
          </Button>
        </Inline>
      </Inline>
      {view.points.length === 0 ? (
        <Notice appearance="information" title="No sprints to compare yet" testId="no-sprints">
          <p style={{ margin: 0 }}>The trend appears once this board has closed a sprint.</p>
        </Notice>
      ) : (
        <Stack space="space.150">
          <TrendChart view={view} />
          <Legend series={drawnSeries(view)} />
          <UnsureNote view={view} />
          <SeriesTable view={view} locale={locale} />
        </Stack>
      )}
      <Recurring view={view} />
    </Stack>
  );
}

const SERIES: Record<Series, [string, string, 'fill' | 'band' | 'range']> = {
  planned: ['KTLO planned at sprint start', PLANNED_FILL, 'fill'],
  unplanned: ['KTLO added during the sprint (unplanned)', UNPLANNED_FILL, 'fill'],
  unsplit: ['KTLO', UNSPLIT_FILL, 'fill'],
  range: ['Range over unsure issues', RANGE_STROKE, 'range'],
  band: ['Reserved band', BAND_FILL, 'band'],
};

/** Only what the chart draws. */
function Legend({ series }: { series: Series[] }) {
  return (
    <ul aria-label="Chart legend" data-testid="trend-legend" style={{ display: 'flex', flexWrap: 'wrap', gap: token('space.200'), listStyle: 'none', margin: 0, padding: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>
      {series.map((id) => {
        const [label, colour, kind] = SERIES[id];
        return (
          <li key={id} style={{ display: 'flex', alignItems: 'center', gap: token('space.050') }}>
            <span
              aria-hidden
              style={{
                display: 'inline-block',
                width: '12px',
                height: kind === 'range' ? '0' : '12px',
                backgroundColor: kind === 'range' ? 'transparent' : colour,
                border: kind === 'band' ? `1px dashed ${BAND_EDGE}` : kind === 'range' ? `1px solid ${colour}` : 'none',
                borderWidth: kind === 'range' ? '2px 0 0' : undefined,
                borderRadius: token('radius.xsmall'),
              }}
            />
            {label}
          </li>
        );
      })}
    </ul>
  );
}

/** Points whose status rests on unsure issues, said in words beside the chart. */
function UnsureNote({ view }: { view: TrendView }) {
  const resting = view.points.filter((p) => p.restsOnUnsure);
  if (resting.length === 0) return null;
  const [one, many] = PERIOD_WORDS[view.period];
  return (
    <Notice appearance="warning" title={`${resting.length} ${resting.length === 1 ? one : many} rest on unsure issues`} headingLevel="h3" testId="trend-rests-on-unsure">
      <p style={{ margin: 0 }}>{`Deciding their unsure issues could move ${resting.map((p) => p.name).join(', ')} across a band edge; the table gives each range.`}</p>
    </Notice>
  );
}

const cell = { padding: `${token('space.050')} ${token('space.100')}`, textAlign: 'left' as const, borderBottom: `${token('border.width')} solid ${token('color.border')}` };
const numberCell = { ...cell, textAlign: 'right' as const, fontVariantNumeric: 'tabular-nums' };

const STATUS_COLOUR: Record<TrendView['points'][number]['status'], string> = {
  under: token('color.text.information'),
  within: token('color.text.success'),
  over: token('color.text.danger'),
  empty: token('color.text.subtle'),
};

/** The chart's numbers, one row per sprint: the text alternative, and the planned/unplanned split in numbers. */
function SeriesTable({ view, locale }: { view: TrendView; locale: string | undefined }) {
  return (
    <div style={{ overflowX: 'auto' }}>
      <table style={{ borderCollapse: 'collapse', font: token('font.body'), color: token('color.text') }} data-testid="trend-table">
        <caption style={{ textAlign: 'left', font: token('font.heading.xsmall'), paddingBottom: token('space.100'), color: token('color.text') }}>{`KTLO per ${PERIOD_WORDS[view.period][0]}`}</caption>
        <thead>
          <tr>
            <th scope="col" style={cell}>{view.period === 'sprint' ? 'Sprint' : view.period === 'week' ? 'Week' : 'Month'}</th>
            <th scope="col" style={cell}>Dates</th>
            <th scope="col" style={numberCell}>KTLO share</th>
            <th scope="col" style={cell}>Status</th>
            <th scope="col" style={numberCell}>KTLO planned</th>
            <th scope="col" style={numberCell}>KTLO unplanned</th>
            <th scope="col" style={numberCell}>KTLO total</th>
            <th scope="col" style={numberCell}>Project work</th>
          </tr>
        </thead>
        <tbody>
          {view.points.map((p) => (
            <tr key={p.sprintId} data-testid={`trend-row-${p.sprintId}`}>
              <th scope="row" style={cell}>{p.name}</th>
              <td style={cell}>{`${formatDay(p.startDate, locale)} – ${formatDay(p.endDate, locale)}`}</td>
              <td style={numberCell}>{p.ktloShare === null ? '–' : percent(p.ktloShare)}{p.shareRange ? ` (${rangeText(p.shareRange)})` : ''}</td>
              <td style={{ ...cell, color: STATUS_COLOUR[p.status], fontWeight: token('font.weight.semibold') }}>
                {STATUS_WORDS[p.status]}
                {p.restsOnUnsure ? <span style={{ fontWeight: token('font.weight.regular'), color: token('color.text.subtle') }}>, rests on unsure issues</span> : null}
              </td>
              <td style={numberCell}>{points(p.ktloPlanned)}</td>
              <td style={numberCell}>{points(p.ktloUnplanned)}</td>
              <td style={numberCell}>{points(p.ktloPoints)}</td>
              <td style={numberCell}>{points(p.projectPoints)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The series as a file: a Blob behind an object URL on a download link (the link is the control, so keyboard and
 * screen readers know it). A host without object URLs gets the same text as a data URL.
 */
function CsvLink({ view }: { view: TrendView }) {
  const csv = useMemo(() => trendCsv(view), [view]);
  const href = useMemo(() => {
    if (typeof URL.createObjectURL !== 'function') return `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;
    // The byte order mark tells spreadsheet programs the file is UTF-8.
    return URL.createObjectURL(new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' }));
  }, [csv]);
  useEffect(
    () => () => {
      if (href.startsWith('blob:') && typeof URL.revokeObjectURL === 'function') URL.revokeObjectURL(href);
    },
    [href],
  );
  return (
    <a
      href={href}
      download={trendCsvFilename(view)}
      data-testid="trend-csv"
      style={{ color: token('color.link'), font: token('font.body'), padding: `${token('space.050')} ${token('space.100')}` }}
    >
      Download CSV
    </a>
  );
}

function Recurring({ view }: { view: TrendView }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Stack space="space.100">
        <Heading size="xsmall" as="h3" id={headingId}>
          {`Recurring KTLO work: candidates for automation (${view.recurring.length})`}
        </Heading>
        {view.recurring.length === 0 ? (
          <Text color="color.text.subtle" testId="no-recurring">
            No KTLO work came back across these sprints.
          </Text>
        ) : (
          <>
            <Text color="color.text.subtle">The same KTLO work came back sprint after sprint. Automating it, or a runbook, gives that time back.</Text>
            <ul aria-labelledby={headingId} data-testid="recurring" style={{ margin: 0, paddingLeft: token('space.250') }}>
              {view.recurring.map((r) => (
                <li key={r.title} style={{ marginBottom: token('space.100') }}>
                  <span style={{ fontWeight: token('font.weight.semibold') }}>{r.title}</span>
                  <span style={{ color: token('color.text.subtle') }}>{` — ${count(r.occurrences, 'time', 'times')}, ${points(r.totalPoints)} in all: `}</span>
                  {r.keys.map((key, i) => (
                    <span key={key}>
                      {i > 0 ? ', ' : ''}
                      <a href={`/browse/${key}`} onClick={(e: MouseEvent) => follow(e, key)} style={{ color: token('color.link') }}>
                        {key}
                      </a>
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          </>
        )}
      </Stack>
    </section>
  );
}

function follow(event: MouseEvent, key: string): void {
  // Inside Jira's iframe a relative href would open the app's own origin: Jira navigates for us.
  event.preventDefault();
  void openIssue(key);
}

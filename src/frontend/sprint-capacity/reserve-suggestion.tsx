import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { success, type ErrorCode } from '../../contracts/envelope';
import type { ReserveSuggestion as Suggestion, ReserveView } from '../../contracts/resolvers';
import { applyReserve, getKanbanReserve, getReserve } from '../api/capacity';
import { ErrorMessage, Loading } from '../shared/states';
import { bandText, percent } from './capacity-format';

type Failure = { code: ErrorCode; message: string };
type Load = { status: 'loading' } | { status: 'failed'; error: Failure } | { status: 'ready'; data: ReserveView; suggestion: Suggestion };

const sameBand = (a: { min: number; max: number } | null, b: { min: number; max: number }): boolean => a !== null && a.min === b.min && a.max === b.max;

type Suggested = Extract<Suggestion, { kind: 'suggested' }>;

const periodsText = (period: Suggestion['period'], n: number): string => `${n} ${period === 'sprint' ? 'sprint' : 'week'}${n === 1 ? '' : 's'}`;

function noSuggestionText(s: Extract<Suggestion, { kind: 'too-little-history' }>): string {
  const measured = s.period === 'sprint' ? `${periodsText('sprint', s.periods)} closed and measured` : `${periodsText('week', s.periods)} with finished work`;
  return `No suggestion yet: this board has ${measured}, and a suggestion needs at least ${s.needed}, or one unusual ${s.period} would decide it.`;
}

function howText(s: Suggested): string {
  const over = s.period === 'sprint' ? `the last ${periodsText('sprint', s.periods)} closed (at most 12, each over its planned work)` : `the last ${periodsText('week', s.periods)} of finished work (at most 12 full weeks, this one left out)`;
  const left = s.skipped > 0 ? `, ${s.skipped} with nothing ${s.period === 'sprint' ? 'estimated' : 'finished'} left out` : '';
  return `How: the KTLO share of ${over}${left}; typical (p50) ${percent(s.ktloShare.p50)}, high (p85) ${percent(s.ktloShare.p85)}; the band runs from p50 rounded down to p85 rounded up, in whole 5% steps.`;
}

function unplannedText(s: Suggested): string {
  if (s.period === 'week') return 'Unplanned KTLO: a Kanban board plans no sprint for work to join late; the share above is all the KTLO it finished.';
  const measured = s.periods - s.skipped;
  if (s.unplannedShare === null) return `Unplanned KTLO: not measured for these sprints (measured before KTLO Lens stored what joined a sprint late); the trend shows it sprint by sprint.`;
  const of = s.unplannedShare.periods < measured ? `${s.unplannedShare.periods} of the ${measured} sprints (the others were measured before KTLO Lens stored what joined late)` : periodsText('sprint', s.unplannedShare.periods);
  return `Unplanned KTLO (added after the sprint started): typical (p50) ${percent(s.unplannedShare.p50)}, high (p85) ${percent(s.unplannedShare.p85)} of the planned work, over ${of}.`;
}

/**
 * "Reserve 25–35% (last 12 sprints)": the band the board's closed sprints suggest, how it was computed, and for those
 * who may edit the board, "Apply to this board" (the band only; the board's other settings stay as stored). After a
 * save the surface refreshes (`onApplied`), so every number shows the new band.
 */
export function ReserveSuggestion({ boardId, onApplied }: { boardId: number | null; onApplied: (message: string) => void }) {
  const headingId = useId();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState<Failure | null>(null);
  const latest = useRef(0);

  const fetch = useCallback(async (): Promise<void> => {
    const id = ++latest.current;
    setLoad({ status: 'loading' });
    const answer = await getReserve(boardId);
    if (!answer.ok) {
      if (id === latest.current) setLoad({ status: 'failed', error: answer.error });
      return;
    }
    // A Kanban board's is measured here, from what it finished week by week.
    const known = answer.data.suggestion;
    const suggestion = known === null ? await getKanbanReserve(boardId) : success(known);
    if (id !== latest.current) return;
    setLoad(suggestion.ok ? { status: 'ready', data: answer.data, suggestion: suggestion.data } : { status: 'failed', error: suggestion.error });
  }, [boardId]);

  useEffect(() => {
    void fetch();
    return () => {
      latest.current++;
    };
  }, [fetch]);

  if (load.status === 'loading') return <Loading label="Working out a reserve from the board’s history…" />;
  if (load.status === 'failed') return <ErrorMessage error={load.error} onRetry={() => void fetch()} headingLevel="h2" />;
  const { suggestion } = load;
  const { boardBand, revision, canEdit } = load.data;

  const apply = async (band: { min: number; max: number }): Promise<void> => {
    setApplying(true);
    setApplyError(null);
    const answer = await applyReserve(boardId, revision, band);
    setApplying(false);
    if (!answer.ok) {
      setApplyError(answer.error);
      return;
    }
    onApplied(`Reserve ${bandText(answer.data.band)} saved for this board.`);
    void fetch();
  };

  return (
    <section aria-labelledby={headingId} data-testid="reserve-suggestion" style={{ padding: token('space.150'), border: `${token('border.width')} solid ${token('color.border')}`, borderRadius: token('radius.small') }}>
      <Stack space="space.100">
        <Heading size="xsmall" as="h2" id={headingId}>
          Reserve suggested from history
        </Heading>
        {suggestion.kind === 'too-little-history' ? (
          <Text testId="reserve-none">{noSuggestionText(suggestion)}</Text>
        ) : (
          <>
            <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
              <Text weight="bold" testId="reserve-band">{`Reserve ${bandText(suggestion.band)} (last ${periodsText(suggestion.period, suggestion.periods)})`}</Text>
              {sameBand(boardBand, suggestion.band) ? (
                <Text color="color.text.subtle" testId="reserve-applied">
                  This board already reserves this band.
                </Text>
              ) : canEdit ? (
                <Button appearance="primary" isLoading={applying} onClick={() => void apply(suggestion.band)} testId="reserve-apply">
                  Apply to this board
                </Button>
              ) : (
                <Text color="color.text.subtle" testId="reserve-read-only">
                  Admins of this board or its project can apply it.
                </Text>
              )}
            </Inline>
            <Text size="small" color="color.text.subtle" testId="reserve-how">
              {howText(suggestion)}
            </Text>
            <Text size="small" color="color.text.subtle" testId="reserve-unplanned">
              {unplannedText(suggestion)}
            </Text>
          </>
        )}
        {applyError ? <ErrorMessage error={applyError} onRetry={() => void fetch()} headingLevel="h2" /> : null}
      </Stack>
    </section>
  );
}

import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { ReserveView } from '../../contracts/resolvers';
import { applyReserve, getReserve } from '../api/capacity';
import { ErrorMessage, Loading } from '../shared/states';
import { bandText, percent } from './capacity-format';

type Failure = { code: ErrorCode; message: string };
type Load = { status: 'loading' } | { status: 'failed'; error: Failure } | { status: 'ready'; data: ReserveView };

const sameBand = (a: { min: number; max: number } | null, b: { min: number; max: number }): boolean => a !== null && a.min === b.min && a.max === b.max;

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
    if (id !== latest.current) return;
    setLoad(answer.ok ? { status: 'ready', data: answer.data } : { status: 'failed', error: answer.error });
  }, [boardId]);

  useEffect(() => {
    void fetch();
    return () => {
      latest.current++;
    };
  }, [fetch]);

  if (load.status === 'loading') return <Loading label="Working out a reserve from the board’s history…" />;
  if (load.status === 'failed') return <ErrorMessage error={load.error} onRetry={() => void fetch()} headingLevel="h2" />;
  const { suggestion, boardBand, revision, canEdit } = load.data;

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
          <Text testId="reserve-none">
            {`No suggestion yet: ${suggestion.sprints} closed ${suggestion.sprints === 1 ? 'sprint is' : 'sprints are'} measured on this board, and a suggestion needs at least ${suggestion.needed}, or one unusual sprint would decide it.`}
          </Text>
        ) : (
          <>
            <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
              <Text weight="bold" testId="reserve-band">{`Reserve ${bandText(suggestion.band)} (last ${suggestion.sprints} ${suggestion.sprints === 1 ? 'sprint' : 'sprints'})`}</Text>
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
              {`How: the KTLO share of the last ${suggestion.sprints} closed sprints (at most 12, each over its planned work)${suggestion.skipped > 0 ? `, ${suggestion.skipped} with nothing estimated left out` : ''}; typical (p50) ${percent(suggestion.ktloShare.p50)}, high (p85) ${percent(suggestion.ktloShare.p85)}; the band runs from p50 rounded down to p85 rounded up, in whole 5% steps.`}
            </Text>
            <Text size="small" color="color.text.subtle" testId="reserve-unplanned">
              {suggestion.unplannedShare
                ? `Unplanned KTLO (added after the sprint started): p50 ${percent(suggestion.unplannedShare.p50)}, p85 ${percent(suggestion.unplannedShare.p85)} over ${suggestion.unplannedShare.sprints} sprints.`
                : 'Unplanned KTLO: the stored sprint history does not say what joined late; the trend shows it sprint by sprint.'}
            </Text>
          </>
        )}
        {applyError ? <ErrorMessage error={applyError} onRetry={() => void fetch()} headingLevel="h2" /> : null}
      </Stack>
    </section>
  );
}

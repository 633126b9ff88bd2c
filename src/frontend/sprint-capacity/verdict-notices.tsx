import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { SprintCapacity } from '../../contracts/resolvers';
import { describeOvercommitment, type SprintVerdict } from '../../domain/verdict';
import { Notice } from '../shared/notice';
import { amount, percent, STATUS_WORDS } from './capacity-format';

/** "22–31%": the share over the unsure issues, low to high. */
export function rangeText(range: { min: number; max: number }): string {
  return `${Math.round(range.min * 100)}–${percent(range.max)}`;
}

/**
 * What the band verdict alone would not say: the sprint is overcommitted (against its configured capacity or its
 * velocity), project work leaves no room for the KTLO reserve, or the verdict rests on issues nobody has decided yet.
 */
export function VerdictNotices({ verdict, unit }: { verdict: SprintVerdict; unit: SprintCapacity['unit'] }) {
  const { overcommitment, reserveShortfall, shareRange, restsOnUnsure, possibleStatuses, unsure } = verdict;
  return (
    <>
      {overcommitment ? (
        <Notice appearance="warning" title={`Overcommitted against ${overcommitment.against === 'velocity' ? 'velocity' : 'team capacity'}`} headingLevel="h3" testId="overcommitted">
          <p style={{ margin: 0 }} data-testid="overcommitted-text">{`${describeOvercommitment(overcommitment, (n) => amount(n, unit))}.`}</p>
          <p style={{ margin: 0 }}>
            {overcommitment.against === 'velocity'
              ? 'The team has finished less than this in its recent sprints, whatever share is KTLO: plan less, or expect work to carry over.'
              : 'More is planned than the capacity set for this board, whatever share is KTLO: plan less, or expect work to carry over.'}
          </p>
        </Notice>
      ) : null}
      {reserveShortfall !== null ? (
        <Notice appearance="warning" title="Project work eats into the KTLO reserve" headingLevel="h3" testId="reserve-shortfall">
          <p style={{ margin: 0 }}>{`The planned project work leaves ${amount(reserveShortfall, unit)} less than the reserve keeps for KTLO: when KTLO comes in, project work will slip.`}</p>
        </Notice>
      ) : null}
      {shareRange ? (
        <Notice
          appearance={restsOnUnsure ? 'warning' : 'information'}
          title={restsOnUnsure ? 'The verdict rests on unsure issues' : 'Some issues are unsure'}
          headingLevel="h3"
          testId="rests-on-unsure"
        >
          <p style={{ margin: 0 }} data-testid="share-range">
            {`KTLO share ${rangeText(shareRange)} depending on ${unsure.length === 1 ? 'how the unsure issue is decided' : `how the ${unsure.length} unsure issues are decided`} (${unsure.join(', ')}).`}
          </p>
          {restsOnUnsure ? (
            <p style={{ margin: 0 }}>{`Decided, the sprint could be ${possibleStatuses.map((s) => STATUS_WORDS[s].toLowerCase()).join(' or ')}. Decide them on each issue, or try them below (what-if).`}</p>
          ) : (
            <p style={{ margin: 0 }}>{'However they are decided, the verdict stays the same.'}</p>
          )}
        </Notice>
      ) : null}
    </>
  );
}

/** The what-if banner: the view shows flipped issues, not what Jira and KTLO Lens hold. */
export function WhatIfBar({ flipped, onReset }: { flipped: number; onReset: () => void }) {
  if (flipped === 0) return null;
  return (
    <div role="status" data-testid="what-if" style={{ padding: token('space.100'), border: `${token('border.width')} dashed ${token('color.border.discovery')}`, borderRadius: token('radius.small') }}>
      <Inline space="space.100" alignBlock="center" shouldWrap spread="space-between">
        <Inline space="space.100" alignBlock="center">
          <Lozenge appearance="new">What-if, not saved</Lozenge>
          <Text>{`${flipped} ${flipped === 1 ? 'issue' : 'issues'} flipped in this view only: the figures below are what they would be.`}</Text>
        </Inline>
        <Button onClick={onReset} testId="what-if-reset">
          Reset to the real figures
        </Button>
      </Inline>
    </div>
  );
}

import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { SprintCapacity } from '../../contracts/resolvers';
import { LevelLink } from '../shared/level-link';
import { bandText, percent, shareSentence, STATUS_WORDS, type CapacityStatus } from './capacity-format';

/** Status in colour (the fill and the lozenge) and always in words beside it: colour alone says nothing to some people. */
const LOOK: Record<CapacityStatus, { fill: string; lozenge: 'inprogress' | 'success' | 'removed' | 'default' }> = {
  under: { fill: token('color.background.information.bold'), lozenge: 'inprogress' },
  within: { fill: token('color.background.success.bold'), lozenge: 'success' },
  over: { fill: token('color.background.danger.bold'), lozenge: 'removed' },
  empty: { fill: token('color.background.neutral.bold'), lozenge: 'default' },
};

const clamp = (n: number): number => Math.min(1, Math.max(0, n));

/**
 * The KTLO share as a bar over 0–100%, the reserved band shaded behind it. A meter for assistive technology, with the
 * whole sentence as its value text.
 */
export function CapacityBar({ view }: { view: SprintCapacity }) {
  const share = view.ktloShare;
  const look = LOOK[view.status];
  const sentence = shareSentence(view);
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text weight="bold" testId="ktlo-share">
          {share === null ? 'KTLO share: –' : `KTLO share: ${percent(share)}`}
        </Text>
        <Lozenge appearance={look.lozenge} isBold testId="capacity-status">
          {STATUS_WORDS[view.status]}
        </Lozenge>
        <Text color="color.text.subtle" testId="band">
          {`Reserved band ${bandText(view.band)} (`}
          <LevelLink level={view.levels.band} field="band" />)
        </Text>
      </Inline>
      <div
        role="meter"
        aria-label="KTLO share of capacity"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share === null ? 0 : Math.round(share * 100)}
        aria-valuetext={sentence}
        data-testid="capacity-bar"
        style={{
          position: 'relative',
          height: '16px',
          borderRadius: token('radius.small'),
          backgroundColor: token('color.background.neutral'),
          overflow: 'hidden',
        }}
      >
        <div
          data-testid="capacity-band"
          style={{
            position: 'absolute',
            top: 0,
            bottom: 0,
            left: `${clamp(view.band.min) * 100}%`,
            width: `${(clamp(view.band.max) - clamp(view.band.min)) * 100}%`,
            backgroundColor: token('color.background.accent.green.subtler'),
            borderLeft: `2px solid ${token('color.border.success')}`,
            borderRight: `2px solid ${token('color.border.success')}`,
            boxSizing: 'border-box',
          }}
        />
        {share === null ? null : (
          <div
            data-testid="capacity-fill"
            style={{ position: 'absolute', top: '4px', bottom: '4px', left: 0, width: `${clamp(share) * 100}%`, backgroundColor: look.fill, borderRadius: token('radius.small') }}
          />
        )}
      </div>
      <Text size="small" color="color.text.subtle" testId="share-sentence">
        {sentence}
      </Text>
    </Stack>
  );
}

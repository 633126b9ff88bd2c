import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useMemo, useState } from 'react';
import type { SprintCapacity } from '../../contracts/resolvers';
import type { Category } from '../../domain/category';
import { useAfterFirstPaint } from '../shared/after-paint';
import { CapacityBar } from './capacity-bar';
import { CapacityFigures, CapacityWarnings, IssueLists, type NotMeasured } from './capacity-details';
import { VerdictNotices, WhatIfBar } from './verdict-notices';
import { judged, type Flips } from './what-if';

/**
 * The sprint's figures and verdict, with the planner's what-if (flips kept in this view only, never saved). The issue
 * lists' rows are drawn once the figures are on screen.
 */
export function MeasuredSprint({ real, notMeasured, refreshing, onRefresh }: { real: SprintCapacity; notMeasured: NotMeasured | null; refreshing: boolean; onRefresh: () => void }) {
  const [flips, setFlips] = useState<Flips>({});
  const rows = useAfterFirstPaint();
  const { shown: view, verdict } = useMemo(() => judged(real, flips), [real, flips]);
  const flip = (key: string, to: Category): void =>
    setFlips((current) => {
      const { [key]: _previous, ...others } = current;
      // Flipping back to what the issue really is ends its what-if.
      return real.issues.find((i) => i.key === key)?.category === to ? others : { ...others, [key]: to };
    });
  return (
    <Stack space="space.200" testId="capacity-view">
      <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
        <Stack space="space.025">
          <Heading size="small" as="h1">
            {view.sprint.name}
          </Heading>
          <Text size="small" color="color.text.subtle">{`${view.board.name} · ${view.sprint.state} sprint`}</Text>
        </Stack>
        <Button onClick={onRefresh} isLoading={refreshing} testId="refresh">
          Refresh
        </Button>
      </Inline>
      <WhatIfBar flipped={Object.keys(flips).length} onReset={() => setFlips({})} />
      <CapacityBar view={view} />
      <VerdictNotices verdict={verdict} unit={view.unit} />
      <CapacityFigures view={view} />
      <CapacityWarnings view={view} notMeasured={notMeasured} />
      <IssueLists view={view} whatIf={{ flips, onFlip: flip }} rows={rows} />
    </Stack>
  );
}

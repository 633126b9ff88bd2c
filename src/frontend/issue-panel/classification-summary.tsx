import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { useId } from 'react';
import type { IssueView } from '../../contracts/resolvers';
import { categoryLabel } from '../../domain/category';
import { confidenceLevel, confidenceText, sourceText } from '../shared/format';

/** The decision: category lozenge, confidence in words and number, where it came from, and the reasons. */
export function ClassificationSummary({ view }: { view: IssueView }) {
  const reasonsId = useId();
  const low = confidenceLevel(view.confidence) === 'low';
  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        {/* The same appearance as the panel's collapsed lozenge (dynamicProperties) and the Work category field. */}
        <Lozenge appearance={view.category === 'KTLO' ? 'moved' : 'inprogress'} isBold testId="category-lozenge">
          {categoryLabel(view.category)}
        </Lozenge>
        <Text color={low ? 'color.text.warning' : 'color.text.subtle'} testId="confidence">
          {confidenceText(view.confidence)}
        </Text>
      </Inline>
      <Text as="p" color="color.text.subtle" testId="source">
        {sourceText(view.source, view.override !== null)}
      </Text>
      <Stack space="space.050">
        <Heading size="xxsmall" as="h2" id={reasonsId}>
          Why
        </Heading>
        {view.reasons.length > 0 ? (
          <ul aria-labelledby={reasonsId} style={{ margin: 0, paddingInlineStart: '1.25em' }} data-testid="reasons">
            {view.reasons.map((reason, i) => (
              <li key={i}>
                <Text>{reason}</Text>
              </li>
            ))}
          </ul>
        ) : (
          <Text as="p" color="color.text.subtle" testId="no-reasons">
            No rule matched anything in this issue, so it gets the default category. An override or a new rule can settle it.
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

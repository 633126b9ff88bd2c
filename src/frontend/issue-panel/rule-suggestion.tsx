import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { useId, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { RuleSuggestion } from '../../contracts/resolvers';

type SuggestedTerm = RuleSuggestion['phrases'][number];
import { suggestRule } from '../api/issue-panel';
import { categoryWords } from '../shared/format';
import { ErrorMessage, Loading } from '../shared/states';

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; error: { code: ErrorCode; message: string } }
  | { status: 'ready'; suggestion: RuleSuggestion };

/**
 * For admins, after an override: the labels and phrases of this issue that the rules do not know yet and that would
 * generalise, each with how many other issues it would flip, so the next issue like it is classified right without
 * anyone overriding it. Adding them is done in the settings, where the preview shows
 * what else they would change.
 */
export function RuleSuggestionOffer() {
  const headingId = useId();
  const [state, setState] = useState<State>({ status: 'idle' });

  const load = async (): Promise<void> => {
    setState({ status: 'loading' });
    const answer = await suggestRule();
    setState(answer.ok ? { status: 'ready', suggestion: answer.data } : { status: 'failed', error: answer.error });
  };

  return (
    <section aria-labelledby={headingId} data-testid="rule-suggestion">
      <Stack space="space.100">
        <Heading size="xxsmall" as="h2" id={headingId}>
          Turn this override into a rule
        </Heading>
        {state.status === 'idle' ? (
          <>
            <Text as="p" color="color.text.subtle">
              If other issues like this one need the same category, a rule saves the team from overriding each of them.
            </Text>
            <div>
              <Button onClick={() => void load()} testId="suggest-rule">
                Suggest a rule
              </Button>
            </div>
          </>
        ) : null}
        <div aria-live="polite">
          {state.status === 'loading' ? <Loading label="Looking for labels and phrases…" /> : null}
          {state.status === 'failed' ? <ErrorMessage error={state.error} onRetry={() => void load()} headingLevel="h3" /> : null}
          {state.status === 'ready' ? <SuggestionDetails suggestion={state.suggestion} /> : null}
        </div>
      </Stack>
    </section>
  );
}

/** "in 4 of the 200 other issues; would change 3 of them". */
function impact(term: SuggestedTerm, examined: number, category: RuleSuggestion['category']): string {
  const change = term.flips === 0 ? 'would change none of them' : `would make ${term.flips} of them ${categoryWords(category)}`;
  return ` (in ${term.matches} of the ${examined} other issues looked at; ${change})`;
}

function SuggestionDetails({ suggestion }: { suggestion: RuleSuggestion }) {
  const { labels, phrases, examined, category } = suggestion;
  if (labels.length === 0 && phrases.length === 0) {
    return (
      <Text as="p" testId="suggestion-empty">
        This issue has no labels or phrases that the rules do not already know and that other issues share (dates, numbers, month names and
        words of this issue alone would not generalise). Adjust the weights of the existing rules in the KTLO Lens settings instead.
      </Text>
    );
  }
  return (
    <Stack space="space.050" testId="suggestion">
      <Text as="p">A rule that classifies issues as {categoryWords(category)} when they have:</Text>
      <ul style={{ margin: 0, paddingInlineStart: '1.25em' }}>
        {labels.map((label) => (
          <li key={`label:${label.term}`}>
            <Text>
              the label <Text weight="semibold">{label.term}</Text>
              {impact(label, examined, category)}
            </Text>
          </li>
        ))}
        {phrases.map((phrase) => (
          <li key={`phrase:${phrase.term}`}>
            <Text>
              the phrase <Text weight="semibold">“{phrase.term}”</Text> in the summary or description
              {impact(phrase, examined, category)}
            </Text>
          </li>
        ))}
      </ul>
      <Text as="p" color="color.text.subtle">
        Nothing is saved yet. Add them under the rules in the KTLO Lens settings (Jira settings, Apps); its preview shows which issues they would change.
      </Text>
    </Stack>
  );
}

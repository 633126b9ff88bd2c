import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { useId, useState } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { RuleSuggestion } from '../../contracts/resolvers';
import { suggestRule } from '../api/issue-panel';
import { categoryWords } from '../shared/format';
import { ErrorMessage, Loading } from '../shared/states';

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; error: { code: ErrorCode; message: string } }
  | { status: 'ready'; suggestion: RuleSuggestion };

/**
 * For admins, after an override: the labels and phrases of this issue that the rules do not know yet, so the next issue
 * like it is classified right without anyone overriding it. Adding them is done in the settings, where the preview shows
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

function SuggestionDetails({ suggestion }: { suggestion: RuleSuggestion }) {
  const { labels, phrases } = suggestion;
  if (labels.length === 0 && phrases.length === 0) {
    return (
      <Text as="p" testId="suggestion-empty">
        This issue has no labels or phrases that the rules do not already know. Adjust the weights of the existing rules in the KTLO Lens
        settings instead.
      </Text>
    );
  }
  return (
    <Stack space="space.050" testId="suggestion">
      <Text as="p">A rule that classifies issues as {categoryWords(suggestion.category)} when they have:</Text>
      <ul style={{ margin: 0, paddingInlineStart: '1.25em' }}>
        {labels.map((label) => (
          <li key={`label:${label}`}>
            <Text>
              the label <Text weight="semibold">{label}</Text>
            </Text>
          </li>
        ))}
        {phrases.map((phrase) => (
          <li key={`phrase:${phrase}`}>
            <Text>
              the phrase <Text weight="semibold">“{phrase}”</Text> in the summary or description
            </Text>
          </li>
        ))}
      </ul>
      <Text as="p" color="color.text.subtle">
        Add them under the rules in the KTLO Lens settings (Jira settings, Apps); its preview shows which other issues they would change.
      </Text>
    </Stack>
  );
}

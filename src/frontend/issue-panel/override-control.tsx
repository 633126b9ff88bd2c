import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import { RadioGroup } from '@atlaskit/radio';
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { IssueView } from '../../contracts/resolvers';
import type { Category } from '../../domain/category';
import { categoryWords, formatWhen } from '../shared/format';
import { PersonName } from '../shared/person-name';
import { ErrorMessage } from '../shared/states';

/** What the team may choose: a fixed category, or back to the rules. */
export type OverrideChoice = 'AUTO' | Category;

const OPTIONS: { value: OverrideChoice; label: string }[] = [
  { value: 'AUTO', label: 'Automatic (the rules decide)' },
  { value: 'KTLO', label: 'KTLO' },
  { value: 'PROJECT', label: 'Project' },
];

function toChoice(value: string): OverrideChoice | null {
  return OPTIONS.find((option) => option.value === value)?.value ?? null;
}

export type ApplyResult = { ok: true } | { ok: false; error: { code: ErrorCode; message: string } };

export interface OverrideControlProps {
  view: IssueView;
  /** Saves the choice; the panel replaces its view with the resolver's answer. */
  onApply: (choice: OverrideChoice) => Promise<ApplyResult>;
  viewer: { accountId: string | null; locale: string | undefined; timeZone: string | undefined };
}

/**
 * The override as a radio group with a Save button: arrow keys move through a radio group and would otherwise save at
 * every step, so nothing is written until the person confirms.
 */
export function OverrideControl({ view, onApply, viewer }: OverrideControlProps) {
  const legendId = useId();
  const hintId = useId();
  const current: OverrideChoice = view.override?.category ?? 'AUTO';
  const [choice, setChoice] = useState<OverrideChoice>(current);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ code: ErrorCode; message: string } | null>(null);

  // A new answer from the resolver (a save here, a reload, an edit elsewhere) resets the pending choice.
  useEffect(() => {
    setChoice(current);
    setError(null);
  }, [current, view.override?.at]);

  const save = async (): Promise<void> => {
    if (saving || choice === current) return;
    setSaving(true);
    setError(null);
    const result = await onApply(choice);
    setSaving(false);
    if (!result.ok) setError(result.error);
  };

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault();
    void save();
  };

  const disabled = !view.canOverride;
  return (
    <form onSubmit={onSubmit} data-testid="override-form">
      <Stack space="space.100">
        <fieldset aria-describedby={hintId} style={{ border: 'none', margin: 0, padding: 0, minInlineSize: 0 }}>
          <legend id={legendId} style={{ padding: 0 }}>
            <Heading size="xxsmall" as="h2">
              Category override
            </Heading>
          </legend>
          <RadioGroup
            name="ktlo-lens-override"
            labelId={legendId}
            options={OPTIONS.map((option) => ({ ...option, name: 'ktlo-lens-override' }))}
            value={choice}
            isDisabled={disabled || saving}
            onChange={(event) => {
              const next = toChoice(event.currentTarget.value);
              if (next) setChoice(next);
            }}
            testId="override"
          />
        </fieldset>
        {view.override ? (
          <Text as="p" testId="override-by">
            Set to {categoryWords(view.override.category)} by {view.override.by === viewer.accountId ? 'you' : <PersonName accountId={view.override.by} />} on{' '}
            {formatWhen(view.override.at, viewer.locale, viewer.timeZone)}
            {view.override.previous && view.override.previous !== view.override.category
              ? ` (it was ${categoryWords(view.override.previous)} before)`
              : ''}
            .
          </Text>
        ) : null}
        <Text as="p" color="color.text.subtle" id={hintId} size="small">
          {disabled
            ? 'You need permission to edit this issue to change its category.'
            : 'KTLO or Project fixes the category of this issue; Automatic hands it back to the rules.'}
        </Text>
        {view.canOverride ? (
          <Inline space="space.100">
            <Button type="submit" appearance="primary" isDisabled={choice === current} isLoading={saving} testId="override-save">
              Save
            </Button>
            {choice !== current && !saving ? (
              <Button appearance="subtle" onClick={() => setChoice(current)}>
                Cancel
              </Button>
            ) : null}
          </Inline>
        ) : null}
        {error ? <ErrorMessage error={error} onRetry={() => void save()} retryLabel="Try again" headingLevel="h3" /> : null}
      </Stack>
    </form>
  );
}

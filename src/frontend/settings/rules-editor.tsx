import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import type { Category } from '../../domain/category';
import { SelectField, TextField, visuallyHidden } from './fields';
import { MAPPINGS, newRuleId, type Draft, type FieldErrors, type Mapping, type NameDraft, type PhraseDraft } from './settings-form';

/** The classification rules: phrase rules and recurrence words (the Rules section), label / issue type / component mappings (Label mapping). */

export const CATEGORY_OPTIONS: readonly { value: Category; label: string }[] = [
  { value: 'KTLO', label: 'KTLO' },
  { value: 'PROJECT', label: 'Project work' },
];

const MAPPING_WORDS: Record<Mapping, { title: string; name: string; singular: string }> = {
  labels: { title: 'Label mappings', name: 'Label', singular: 'label' },
  issueTypes: { title: 'Issue type mappings', name: 'Issue type', singular: 'issue type' },
  components: { title: 'Component mappings', name: 'Component', singular: 'component' },
};

export interface RulesEditorProps {
  draft: Draft;
  errors: FieldErrors;
  onChange: (change: (draft: Draft) => Draft) => void;
}

const subheading = { margin: 0, font: token('font.heading.xxsmall'), color: token('color.text') } as const;

export function PhraseRulesEditor({ draft, errors, onChange }: RulesEditorProps) {
  const setPhrase = (index: number, patch: Partial<PhraseDraft>) =>
    onChange((d) => ({ ...d, phrases: d.phrases.map((p, i) => (i === index ? { ...p, ...patch } : p)) }));

  return (
    <Stack space="space.250">
      <Stack space="space.150">
        <h3 style={subheading}>Phrase rules</h3>
        <p style={{ margin: 0, font: token('font.body.small'), color: token('color.text.subtle') }}>
          Words or phrases in the summary or description, separated by commas. “a ... b” matches “a” followed within five words by “b”.
        </p>
        {draft.phrases.length === 0 ? <p style={{ margin: 0 }}>No phrase rules.</p> : null}
        <ol style={{ margin: 0, padding: 0, listStyle: 'none', display: 'flex', flexDirection: 'column', gap: token('space.150') }} data-testid="phrase-rules">
          {draft.phrases.map((phrase, i) => {
            const at = `rules.phrases.${i}`;
            const name = phrase.id.trim() || `rule ${i + 1}`;
            return (
              <li
                key={i}
                aria-label={`Phrase rule ${name}`}
                style={{ borderTop: `${token('border.width')} solid ${token('color.border')}`, paddingTop: token('space.100') }}
              >
                <Inline space="space.150" shouldWrap alignBlock="start">
                  <TextField path={`${at}.id`} label="Rule id" value={phrase.id} error={errors[`${at}.id`]} onChange={(v) => setPhrase(i, { id: v })} width="9rem" />
                  <SelectField path={`${at}.category`} label="Category" value={phrase.category} options={CATEGORY_OPTIONS} onChange={(v) => setPhrase(i, { category: v })} />
                  <TextField path={`${at}.weight`} label="Weight (0–10)" value={phrase.weight} error={errors[`${at}.weight`]} onChange={(v) => setPhrase(i, { weight: v })} width="5rem" inputMode="decimal" />
                  <TextField path={`${at}.reason`} label="Reason shown" value={phrase.reason} error={errors[`${at}.reason`]} onChange={(v) => setPhrase(i, { reason: v })} width="20rem" />
                </Inline>
                <TextField path={`${at}.terms`} label={`Terms of ${name}`} value={phrase.terms} error={errors[`${at}.terms`]} onChange={(v) => setPhrase(i, { terms: v })} width="100%" multiline />
                <div style={{ marginTop: token('space.050') }}>
                  <Button spacing="compact" appearance="subtle" onClick={() => onChange((d) => ({ ...d, phrases: d.phrases.filter((_, j) => j !== i) }))}>
                    {`Remove rule ${name}`}
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <Inline>
          <Button
            onClick={() =>
              onChange((d) => ({ ...d, phrases: [...d.phrases, { id: newRuleId(d.phrases), category: 'KTLO', weight: '2', reason: '', terms: '' }] }))
            }
          >
            Add phrase rule
          </Button>
        </Inline>
      </Stack>

      <Stack space="space.100">
        <h3 style={subheading}>Recurrence words</h3>
        <Inline space="space.150" shouldWrap alignBlock="start">
          <TextField
            path="rules.recurrence.weight"
            label="Recurrence weight (0–10)"
            value={draft.recurrenceWeight}
            error={errors['rules.recurrence.weight']}
            onChange={(v) => onChange((d) => ({ ...d, recurrenceWeight: v }))}
            width="5rem"
            inputMode="decimal"
          />
        </Inline>
        <TextField
          path="rules.recurrence.terms"
          label="Recurrence words (recurring chores lean KTLO)"
          hint="Separated by commas, e.g. monthly, nightly, weekly."
          value={draft.recurrenceTerms}
          error={errors['rules.recurrence.terms']}
          onChange={(v) => onChange((d) => ({ ...d, recurrenceTerms: v }))}
          width="100%"
          multiline
        />
      </Stack>
    </Stack>
  );
}

const cell = { textAlign: 'left', verticalAlign: 'top', padding: `${token('space.050')} ${token('space.100')}` } as const;
const headCell = { ...cell, font: token('font.body.small'), fontWeight: token('font.weight.semibold'), color: token('color.text.subtle'), borderBottom: `${token('border.width')} solid ${token('color.border')}` } as const;

/** One table per kind of mapping, so names, categories and weights line up in columns whatever their length. */
export function MappingsEditor({ draft, errors, onChange }: RulesEditorProps) {
  const setMapping = (mapping: Mapping, index: number, patch: Partial<NameDraft>) =>
    onChange((d) => ({ ...d, mappings: { ...d.mappings, [mapping]: d.mappings[mapping].map((m, i) => (i === index ? { ...m, ...patch } : m)) } }));

  return (
    <Stack space="space.250">
      {MAPPINGS.map((mapping) => {
        const words = MAPPING_WORDS[mapping];
        const rows = draft.mappings[mapping];
        return (
          <Stack space="space.100" key={mapping}>
            <h3 style={subheading} id={`mapping-${mapping}-title`}>
              {words.title}
            </h3>
            {rows.length === 0 ? (
              <p style={{ margin: 0, color: token('color.text.subtle') }}>{`No ${words.singular} mappings.`}</p>
            ) : (
              <table aria-labelledby={`mapping-${mapping}-title`} style={{ borderCollapse: 'collapse', font: token('font.body') }} data-testid={`${mapping}-table`}>
                <thead>
                  <tr>
                    <th scope="col" style={{ ...headCell, width: '16rem' }}>
                      {words.name}
                    </th>
                    <th scope="col" style={{ ...headCell, width: '10rem' }}>
                      Category
                    </th>
                    <th scope="col" style={{ ...headCell, width: '6rem' }}>
                      Weight (0–10)
                    </th>
                    <th scope="col" style={headCell}>
                      <span style={visuallyHidden}>Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => {
                    const at = `rules.${mapping}.${i}`;
                    const name = row.name.trim() || `${words.singular} ${i + 1}`;
                    return (
                      <tr key={i} data-testid={`${mapping}-row`}>
                        <td style={cell}>
                          <TextField path={`${at}.name`} label={`${words.name} ${i + 1}`} value={row.name} error={errors[`${at}.name`]} onChange={(v) => setMapping(mapping, i, { name: v })} width="15rem" hideLabel />
                        </td>
                        <td style={cell}>
                          <SelectField path={`${at}.category`} label={`Category of ${name}`} value={row.category} options={CATEGORY_OPTIONS} onChange={(v) => setMapping(mapping, i, { category: v })} hideLabel />
                        </td>
                        <td style={cell}>
                          <TextField path={`${at}.weight`} label={`Weight of ${name}`} value={row.weight} error={errors[`${at}.weight`]} onChange={(v) => setMapping(mapping, i, { weight: v })} width="5rem" inputMode="decimal" hideLabel />
                        </td>
                        <td style={cell}>
                          <Button
                            spacing="compact"
                            appearance="subtle"
                            onClick={() => onChange((d) => ({ ...d, mappings: { ...d.mappings, [mapping]: d.mappings[mapping].filter((_, j) => j !== i) } }))}
                          >
                            {`Remove ${words.singular} ${name}`}
                          </Button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
            <Inline>
              <Button onClick={() => onChange((d) => ({ ...d, mappings: { ...d.mappings, [mapping]: [...d.mappings[mapping], { name: '', category: 'KTLO', weight: '2' }] } }))}>
                {`Add ${words.singular} mapping`}
              </Button>
            </Inline>
          </Stack>
        );
      })}
    </Stack>
  );
}

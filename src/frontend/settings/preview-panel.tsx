import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { useId, useState, type FormEvent } from 'react';
import type { ErrorCode } from '../../contracts/envelope';
import type { Preview } from '../../contracts/resolvers';
import type { Rules } from '../../domain/config';
import { previewRules } from '../api/settings';
import { categoryWords, confidenceText } from '../shared/format';
import { IssueLink } from '../shared/issue-link';
import { ErrorMessage, Loading } from '../shared/states';
import { inputStyle, labelStyle } from './fields';
import type { Checked } from './settings-form';
import { SettingsPanel } from './settings-panel';

/** How the rules being edited (not yet saved) classify the issues a JQL query finds. */

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; preview: Preview }
  | { status: 'failed'; error: { code: ErrorCode; message: string } };

export interface PreviewPanelProps {
  projectKey: string | null;
  /** The draft's rules, checked; called on Preview so the preview is of what is on screen. */
  rules: () => Checked<Rules>;
}

export function PreviewPanel({ projectKey, rules }: PreviewPanelProps) {
  const headingId = useId();
  const [jql, setJql] = useState(projectKey ? `project = ${projectKey} ORDER BY created DESC` : '');
  const [problem, setProblem] = useState<string | null>(null);
  const [state, setState] = useState<State>({ status: 'idle' });

  const run = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (jql.trim() === '') {
      setProblem('Enter a JQL query, for example: project = OPS ORDER BY created DESC');
      return;
    }
    const checked = rules();
    if (!checked.ok) {
      setProblem('Fix the rules marked above first: the preview uses the rules as they are on this page.');
      return;
    }
    setProblem(null);
    setState({ status: 'loading' });
    const answer = await previewRules(jql.trim(), checked.value);
    setState(answer.ok ? { status: 'done', preview: answer.data } : { status: 'failed', error: answer.error });
  };

  return (
    <SettingsPanel headingId={headingId} title="Preview the rules" intro="Classifies up to 50 issues with the rules on this page, before you save them, and shows each one they would change." testId="preview">
      <form onSubmit={(e) => void run(e)} noValidate aria-labelledby={headingId}>
        <Inline space="space.100" alignBlock="end" shouldWrap>
          <div style={{ flex: '1 1 20rem' }}>
            <label htmlFor="preview-jql" style={labelStyle}>
              JQL
            </label>
            <input
              id="preview-jql"
              type="text"
              value={jql}
              onChange={(e) => setJql(e.target.value)}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? 'preview-jql-error' : undefined}
              style={inputStyle(Boolean(problem), '100%')}
            />
          </div>
          <Button type="submit" isLoading={state.status === 'loading'}>
            Preview
          </Button>
        </Inline>
        {problem ? (
          <div id="preview-jql-error" role="alert" style={{ font: token('font.body.small'), color: token('color.text.danger') }}>
            {problem}
          </div>
        ) : null}
      </form>
      {state.status === 'loading' ? <Loading label="Classifying issues…" /> : null}
      {state.status === 'failed' ? <ErrorMessage error={state.error} headingLevel="h3" /> : null}
      {state.status === 'done' ? <PreviewTable preview={state.preview} /> : null}
    </SettingsPanel>
  );
}

const cell = { textAlign: 'left', verticalAlign: 'top', padding: `${token('space.050')} ${token('space.100')}`, borderBottom: `${token('border.width')} solid ${token('color.border')}` } as const;

/** A lozenge's look from the tokens: @atlaskit/lozenge would add about 18 kB gzip to this surface. */
const changesTag = {
  font: token('font.body.small'),
  fontWeight: token('font.weight.bold'),
  textTransform: 'uppercase',
  color: token('color.text.discovery'),
  backgroundColor: token('color.background.discovery'),
  borderRadius: token('radius.small'),
  padding: `0 ${token('space.050')}`,
} as const;

function PreviewTable({ preview }: { preview: Preview }) {
  if (preview.issues.length === 0) return <p style={{ margin: 0 }} role="status">No issues match this query, or you cannot see them.</p>;
  // The issues the edit flips come first, each with what it was under the saved settings.
  const changed = preview.issues.filter((i) => i.before !== i.category);
  const rows = [...changed, ...preview.issues.filter((i) => i.before === i.category)];
  const count = preview.issues.length;
  return (
    <Stack space="space.100">
      <p style={{ margin: 0 }} role="status" data-testid="preview-changes">
        {changed.length === 0
          ? `None of these ${count} ${count === 1 ? 'issue changes' : 'issues change'} category with the rules on this page.`
          : `${changed.length} of ${count} ${count === 1 ? 'issue changes' : 'issues change'} category with the rules on this page.`}
      </p>
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', width: '100%', font: token('font.body') }} data-testid="preview-table">
          <caption style={{ textAlign: 'left', color: token('color.text.subtle'), paddingBottom: token('space.050') }}>
            {`${count} ${count === 1 ? 'issue' : 'issues'} classified with the rules on this page, beside the saved settings`}
          </caption>
          <thead>
            <tr>
              {['Issue', 'Summary', 'Saved settings → this page', 'Confidence', 'Reasons'].map((h) => (
                <th key={h} scope="col" style={{ ...cell, color: token('color.text.subtle'), font: token('font.body.small'), fontWeight: token('font.weight.semibold') }}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((issue) => {
              const flips = issue.before !== issue.category;
              return (
                <tr key={issue.key} data-testid={flips ? 'preview-changed' : 'preview-same'}>
                  <th scope="row" style={cell}>
                    <IssueLink issueKey={issue.key} />
                  </th>
                  <td style={cell}>{issue.summary}</td>
                  <td style={cell}>
                    {flips ? (
                      <Inline space="space.050" alignBlock="center" shouldWrap>
                        <span>{`${categoryWords(issue.before)} → ${categoryWords(issue.category)}`}</span>
                        <span style={changesTag}>Changes</span>
                      </Inline>
                    ) : (
                      `${categoryWords(issue.category)} (unchanged)`
                    )}
                  </td>
                  <td style={cell}>{confidenceText(issue.confidence)}</td>
                  <td style={cell}>
                    {issue.reasons.length === 0 ? (
                      <span style={{ color: token('color.text.subtle') }}>No rule matched</span>
                    ) : (
                      <ul style={{ margin: 0, paddingLeft: token('space.200') }}>
                        {issue.reasons.map((r) => (
                          <li key={r}>{r}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Stack>
  );
}

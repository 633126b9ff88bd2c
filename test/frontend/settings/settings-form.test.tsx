import { DEFAULT_GLOBAL_CONFIG } from '../../../src/domain/config';
import { draftOf, errorsFromProblems, fieldKey, newRuleId, toGlobalConfig, toProjectConfig } from '../../../src/frontend/settings/settings-form';

/** The form's text to settings documents and the resolver's field problems back to fields, without rendering. */

it('maps each path the resolver names to its field, lists of words to the list', () => {
  expect(
    errorsFromProblems([
      { path: ['settings', 'band', 'min'], code: 'BAND_ORDER', message: 'min must not be greater than max' },
      { path: ['settings', 'enabledProjects', 1], code: 'BAD_FORMAT', message: 'must be a Jira project key such as OPS' },
      { path: ['settings', 'rules', 'phrases', 2, 'terms', 0], code: 'TOO_SHORT', message: 'Too small' },
      { path: ['settings', 'rules', 'recurrence', 'terms', 4], code: 'WRONG_TYPE', message: 'Invalid input: expected string, received number' },
    ]),
  ).toEqual({
    fields: {
      'band.min': 'The band must not start above where it ends.',
      enabledProjects: 'must be a Jira project key such as OPS',
      'rules.phrases.2.terms': 'This cannot be empty.',
      'rules.recurrence.terms': 'Invalid input: expected string, received number',
    },
    rest: [],
  });
  expect(
    errorsFromProblems([
      { path: ['settings', 'enabledProjects'], code: 'UNKNOWN_FIELD', message: 'Unrecognized key: "enabledProjects"' },
      { path: ['expectedRevision'], code: 'REQUIRED', message: 'Invalid input: expected number, received undefined' },
      { path: ['settings'], code: 'WRONG_TYPE', message: 'expected a JSON object' },
    ]),
  ).toEqual({ fields: {}, rest: ['enabledProjects: Unrecognized key: "enabledProjects"', 'expectedRevision: Invalid input: expected number, received undefined', 'expected a JSON object'] });
  expect(fieldKey(['explicitLabels', 'KTLO', 3])).toBe('explicitLabels.KTLO');
  expect(fieldKey(['rules', 'phrases', 3, 'weight'])).toBe('rules.phrases.3.weight');
});

it('round-trips the defaults: the draft of a document gives that document back', () => {
  const draft = draftOf(DEFAULT_GLOBAL_CONFIG, null);
  expect(draft.bandMin).toBe('20');
  expect(toGlobalConfig(draft, DEFAULT_GLOBAL_CONFIG)).toEqual({ ok: true, value: DEFAULT_GLOBAL_CONFIG });
});

it('sends only the sections a project overrides, and ignores what it inherits', () => {
  const draft = draftOf(DEFAULT_GLOBAL_CONFIG, { lowConfidenceThreshold: 0.5 });
  expect(draft.inherit).toMatchObject({ band: true, lowConfidenceThreshold: false, rules: true });
  expect(toProjectConfig(draft, DEFAULT_GLOBAL_CONFIG.rules)).toEqual({ ok: true, value: { lowConfidenceThreshold: 0.5 } });
  expect(toProjectConfig({ ...draft, lowConfidence: '101' }, DEFAULT_GLOBAL_CONFIG.rules)).toEqual({ ok: false, errors: { lowConfidenceThreshold: 'Enter a percentage from 0 to 100.' } });
});

it('gives a new phrase rule an id no other rule has', () => {
  const phrases = [{ id: 'rule-2', category: 'KTLO' as const, weight: '1', reason: 'r', terms: 't' }];
  expect(newRuleId(phrases)).toBe('rule-3');
});

it('checks the retention days beside each field: whole numbers within their bounds', () => {
  const draft = draftOf(DEFAULT_GLOBAL_CONFIG, null);
  expect(draft.retention).toEqual({ auditDays: '365', decisionDays: '180', snapshotDays: '730' });
  const changed = { ...draft, retention: { auditDays: '10', decisionDays: '7.5', snapshotDays: 'forever' } };
  expect(toGlobalConfig(changed, DEFAULT_GLOBAL_CONFIG)).toEqual({
    ok: false,
    errors: { 'retention.auditDays': 'Keep audit entries at least 30 days.', 'retention.decisionDays': 'Enter a whole number of days.', 'retention.snapshotDays': 'Enter a number.' },
  });
  expect(toGlobalConfig({ ...draft, retention: { ...draft.retention, auditDays: '90' } }, DEFAULT_GLOBAL_CONFIG)).toEqual({
    ok: true,
    value: { ...DEFAULT_GLOBAL_CONFIG, retention: { ...DEFAULT_GLOBAL_CONFIG.retention, auditDays: 90 } },
  });
  expect(errorsFromProblems([{ path: ['settings', 'retention', 'snapshotDays'], code: 'OUT_OF_RANGE', message: 'Keep sprint snapshots at most 3650 days.' }]).fields).toEqual({
    'retention.snapshotDays': 'Keep sprint snapshots at most 3650 days.',
  });
});

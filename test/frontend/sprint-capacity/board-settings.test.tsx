import { fieldErrorsFromProblems, toBoardConfig } from '../../../src/frontend/sprint-capacity/board-settings';

/** The form's text to the board document and the resolver's field problems back to fields, without rendering. */

it('maps each field the resolver names to its message', () => {
  expect(
    fieldErrorsFromProblems([
      { path: ['settings', 'band', 'min'], code: 'BAND_ORDER', message: 'min must not be greater than max' },
      { path: ['settings', 'teamCapacity'], code: 'OUT_OF_RANGE', message: 'Too small: expected number to be >0' },
    ]),
  ).toEqual({ bandMin: 'The band must not start above where it ends.', teamCapacity: 'Too small: expected number to be >0' });
  // The document holds shares; the form speaks in percent.
  expect(fieldErrorsFromProblems([{ path: ['settings', 'band', 'max'], code: 'OUT_OF_RANGE', message: 'Too big: expected number to be <=1' }])).toEqual({ bandMax: 'Enter a percentage from 0 to 100.' });
  // A field of the payload, not of the document, is no field of the form.
  expect(fieldErrorsFromProblems([{ path: ['wipLimit'], code: 'UNKNOWN_FIELD', message: 'Unrecognized key: "wipLimit"' }])).toEqual({});
});

it('turns percentages into shares, empty optional fields into null, and keeps the board’s estimation basis', () => {
  expect(toBoardConfig({ bandMin: '20', bandMax: '32.5', teamCapacity: '', wipLimit: '3' }, { estimationBasis: 'storyPoints' })).toEqual({
    ok: true,
    config: { estimationBasis: 'storyPoints', band: { min: 0.2, max: 0.325 }, teamCapacity: null, wipLimit: 3 },
  });
});

it('names every field it cannot accept', () => {
  expect(toBoardConfig({ bandMin: '', bandMax: '120', teamCapacity: '0', wipLimit: '-1' }, {})).toEqual({
    ok: false,
    errors: {
      bandMin: 'Enter a number.',
      bandMax: 'Enter a percentage from 0 to 100.',
      teamCapacity: 'Enter a number above 0, or leave it empty to use velocity.',
      wipLimit: 'Enter a whole number of 1 or more, or leave it empty.',
    },
  });
});

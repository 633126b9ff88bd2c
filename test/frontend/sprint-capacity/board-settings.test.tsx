import { fieldErrorsFromMessage, toBoardConfig } from '../../../src/frontend/sprint-capacity/board-settings';

/** The form's text to the board document and the resolver's messages back to fields, without rendering. */

it('maps each field the resolver names to its message', () => {
  expect(fieldErrorsFromMessage('invalid board settings: band.min: min must not be greater than max; teamCapacity: Too small: expected number to be >0')).toEqual({
    bandMin: 'min must not be greater than max',
    teamCapacity: 'Too small: expected number to be >0',
  });
  expect(fieldErrorsFromMessage('band.max: Too big: expected number to be <=1')).toEqual({ bandMax: 'Too big: expected number to be <=1' });
  expect(fieldErrorsFromMessage('something else went wrong')).toEqual({});
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

import { trendCsv, trendCsvFilename } from '../../../src/frontend/project-page/trend-csv';
import { trendAnswer } from './fixtures';

it('writes one row per sprint in the documented columns, quoting what needs it and leaving unknowns empty', () => {
  expect(trendCsv(trendAnswer())).toBe(
    [
      'sprint,start,end,ktloShare,status,ktloPoints,projectPoints,ktloPlanned,ktloUnplanned',
      'OPS Sprint 10,2026-10-19T09:00:00.000Z,2026-11-02T17:00:00.000Z,0.35,over,14,26,9,5',
      '"OPS Sprint 11, ""hardening""",2026-11-02T09:00:00.000Z,2026-11-16T17:00:00.000Z,0.25,within,10,30,10,0',
      'OPS Sprint 12,2026-11-16T09:00:00.000Z,,,empty,0,0,,',
      '',
    ].join('\r\n'),
  );
});

it('keeps a sprint name that looks like a spreadsheet formula as text', () => {
  const view = trendAnswer();
  const first = view.points[0]!;
  const csv = trendCsv({ ...view, points: [{ ...first, name: '=HYPERLINK("x")' }] });
  expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",2026-10-19T09:00:00.000Z,2026-11-02T17:00:00.000Z,0.35,over,14,26,9,5`);
});

it('names the file after the board', () => {
  expect(trendCsvFilename(trendAnswer())).toBe('ktlo-trend-ops-sprints.csv');
});

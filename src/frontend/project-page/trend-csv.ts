import type { TrendView } from '../../contracts/resolvers';

/** The trend series as CSV (RFC 4180: comma-separated, CRLF, quoted where needed), one row per sprint, oldest first. */

export const TREND_CSV_COLUMNS = ['sprint', 'start', 'end', 'ktloShare', 'status', 'ktloPoints', 'projectPoints', 'ktloPlanned', 'ktloUnplanned'] as const;

function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // A sprint name that starts like a formula would run as one in a spreadsheet: keep it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shares as fractions with four decimals (0.35 is 35%), so a spreadsheet can format them as it likes. */
function share(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10_000) / 10_000;
}

export function trendCsv(view: TrendView): string {
  const rows = view.points.map((p) =>
    [p.name, p.startDate, p.endDate, share(p.ktloShare), p.status, p.ktloPoints, p.projectPoints, p.ktloPlanned, p.ktloUnplanned].map(field).join(','),
  );
  return [TREND_CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** "ktlo-trend-ops-board.csv". */
export function trendCsvFilename(view: TrendView): string {
  const slug = view.board.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `ktlo-trend-${slug || `board-${view.board.id}`}.csv`;
}

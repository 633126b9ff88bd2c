/** Numbers and dates of the flow and trend views, in words a team reads the same way on screen and in a screen reader. */

export function count(n: number, one: string, many: string): string {
  return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n)} ${n === 1 ? one : many}`;
}

export function days(value: number | null): string {
  return value === null ? '–' : count(value, 'day', 'days');
}

export function points(value: number | null): string {
  return value === null ? '–' : count(value, 'point', 'points');
}

/** A date of an ISO timestamp or day ("16 Nov 2026"), in UTC so a week that starts on Monday reads as that Monday. */
export function formatDay(iso: string | null, locale?: string): string {
  if (iso === null) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
}

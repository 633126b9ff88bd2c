/**
 * User timing marks a surface sets on its frame's performance timeline as a sprint view comes in: its reads answered,
 * and the sprint measured. The browser bench (bench/views-browser.ts) reads them to say where a view's time went.
 */
export const SPRINT_MARKS = { read: 'ktlo:sprint-read', measured: 'ktlo:sprint-measured' } as const;

import type { SprintCapacity } from '../../contracts/resolvers';
import type { SettingLevel } from '../../domain/config';

/** Words and numbers of the capacity view, kept out of the components so tests and screen readers read the same. */

export type CapacityStatus = SprintCapacity['status'];
export type Unit = SprintCapacity['unit'];

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

const LEVEL_WORDS: Record<SettingLevel, string> = { board: 'board setting', project: 'project setting', global: 'global setting', default: 'default' };

/** Where a value in force is set, as a view names it beside the value: "board setting", ..., "default". */
export function levelWords(level: SettingLevel): string {
  return LEVEL_WORDS[level];
}

/** "20–30%". */
export function bandText(band: { min: number; max: number }): string {
  return `${Math.round(band.min * 100)}–${Math.round(band.max * 100)}%`;
}

/** One formatter for every amount: building one is far slower than formatting with it (a view formats hundreds). */
const amounts = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** "12 points", "1 issue", "7.5 hours". */
export function amount(value: number, unit: Unit): string {
  const number = amounts.format(value);
  const word = unit === 'points' ? 'point' : unit === 'hours' ? 'hour' : 'issue';
  return `${number} ${value === 1 ? word : `${word}s`}`;
}

export const STATUS_WORDS: Record<CapacityStatus, string> = {
  under: 'Under the reserved band',
  within: 'Within the reserved band',
  over: 'Over the reserved band',
  empty: 'No estimated work yet',
};

/** The bar's text alternative: the share, the band and the status in one sentence. */
export function shareSentence(view: Pick<SprintCapacity, 'ktloShare' | 'status' | 'band' | 'teamCapacity'>): string {
  const of = view.teamCapacity ? 'of team capacity' : 'of the estimated work';
  if (view.ktloShare === null || view.status === 'empty') {
    return `No estimated work in this sprint yet, so there is no KTLO share. The reserved band is ${bandText(view.band)}.`;
  }
  return `KTLO is ${percent(view.ktloShare)} ${of}: ${STATUS_WORDS[view.status].toLowerCase()} of ${bandText(view.band)}.`;
}

import type { Category, Classification } from '../domain/category';
import { categoryLabel } from '../domain/category';
import type { JiraClient } from '../jira/client';
import { getClassifications, putClassifications } from '../storage/classification-store';
import { noteChanged } from './recent-changes';
import { siteFields } from './site-fields';

/**
 * The one per-issue write: the read-only "Work category" custom field, set as the app, grouped by value, without a
 * changelog entry, and only for issues whose category changed since the app last wrote it (each write costs
 * rate-limit points and would wake other apps' automation). The stored decision mirrors what the field holds.
 */

export class MissingFieldError extends Error {}

export interface Decision {
  issueId: string;
  classification: Classification;
  /** The parent it was decided under, kept with the decision (null: none). */
  parentId: string | null;
}

/** Issues written: `firstWrites` had no category from the app yet, `changes` had another one. */
export interface Written {
  firstWrites: number;
  changes: number;
}

/**
 * What writing `decisions` would do, against the categories the app last wrote: the first category of an issue that
 * had none is not a change of mind, so the two are counted apart.
 */
export function compareWithStored(decisions: readonly Decision[], stored: ReadonlyMap<string, { category: Category }>): Written {
  let firstWrites = 0;
  let changes = 0;
  for (const d of decisions) {
    const before = stored.get(d.issueId)?.category;
    if (before === undefined) firstWrites += 1;
    else if (before !== d.classification.category) changes += 1;
  }
  return { firstWrites, changes };
}

/** Writes the changed decisions; says how many issues got their first category and how many changed theirs. */
export async function writeWorkCategory(appJira: JiraClient, decisions: readonly Decision[], rulesVersion: string, now: Date): Promise<Written> {
  if (decisions.length === 0) return { firstWrites: 0, changes: 0 };
  const stored = await getClassifications(decisions.map((d) => d.issueId));
  const changed = decisions.filter((d) => stored.get(d.issueId)?.category !== d.classification.category);
  const refreshed = decisions.filter((d) => {
    const s = stored.get(d.issueId);
    return s !== undefined && (s.rulesVersion !== rulesVersion || s.source !== d.classification.source || s.confidence !== d.classification.confidence || (s.parentId ?? null) !== d.parentId);
  });
  if (changed.length > 0) {
    const fieldId = (await siteFields(appJira)).workCategory;
    if (fieldId === null) throw new MissingFieldError('The "Work category" field of KTLO Lens is missing on this site: reinstall the app.');
    const byValue = new Map<string, number[]>();
    for (const d of changed) {
      const value = categoryLabel(d.classification.category);
      byValue.set(value, [...(byValue.get(value) ?? []), Number(d.issueId)]);
    }
    await appJira.setAppFieldValues(fieldId, byValue);
    await noteChanged(changed.map((d) => d.issueId));
  }
  const records = new Map([...changed, ...refreshed].map((d) => [d.issueId, { classification: d.classification, rulesVersion, parentId: d.parentId }]));
  await putClassifications(records, now.toISOString());
  return compareWithStored(decisions, stored);
}

export function lozengeFor(category: Category | null): { status: { type: 'lozenge'; value: { label: string; type: 'moved' | 'inprogress' | 'default' } } } {
  if (category === null) return { status: { type: 'lozenge', value: { label: 'Not classified', type: 'default' } } };
  return { status: { type: 'lozenge', value: { label: categoryLabel(category), type: category === 'KTLO' ? 'moved' : 'inprogress' } } };
}

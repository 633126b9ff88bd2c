import { z } from 'zod';
import type { EstimateSource } from '../domain/normalize';
import type { RawIssue } from '../jira/schemas';

/**
 * An issue event's changelog applied to the fields the app last read for the issue: the issue as it is now, without
 * reading it, for the changes whose new value the changelog spells out in full (summary, labels, components, the
 * estimate, a cleared description). Anything else the rules read (type, parent, project, a new description) changed:
 * null, read the issue. Sources in docs/points.md: the issue event carries none of these fields; a multi-value item
 * names only the value added or removed (components are patched one item at a time), labels' `toString` the whole set.
 */

const changelogItemSchema = z.looseObject({
  field: z.string(),
  fieldId: z.string().optional(),
  fromString: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});
export type ChangelogItem = z.infer<typeof changelogItemSchema>;

/** The items of an event's changelog; null when it has none the app can read (then the issue is read). */
export function changelogItems(changelog: unknown): ChangelogItem[] | null {
  return z.looseObject({ items: z.array(changelogItemSchema) }).safeParse(changelog).data?.items ?? null;
}

function splitLabels(text: string | null | undefined): string[] {
  return (text ?? '').split(/\s+/).filter((l) => l !== '');
}

function componentNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((c) => (typeof c === 'object' && c !== null && 'name' in c && typeof c.name === 'string' ? [c.name] : []));
}

export function applyChangelog(known: RawIssue, items: readonly ChangelogItem[], source: EstimateSource): RawIssue | null {
  const fields: Record<string, unknown> = { ...(known.fields ?? {}) };
  for (const item of items) {
    const id = (item.fieldId ?? item.field).toLowerCase();
    const name = item.field.toLowerCase();
    if (id === 'summary') {
      // A summary is never empty: a changelog without the new one does not say it.
      if (!item.toString) return null;
      fields['summary'] = item.toString;
    }
    else if (id === 'description') {
      // A cleared description is plain; a new one is the changelog's text rendering, not the document the app reads
      // (no source says what `toString` holds for it): read the issue.
      if (item.toString) return null;
      fields['description'] = null;
    }
    else if (id === 'labels') fields['labels'] = splitLabels(item.toString);
    else if (id === 'components' || name === 'component') {
      // One item per component added (to) or removed (from).
      const names = componentNames(fields['components']).filter((n) => n !== item.fromString);
      if (item.toString) names.push(item.toString);
      fields['components'] = names.map((n) => ({ name: n }));
    } else if (source.kind === 'field' && item.fieldId === source.fieldId) {
      const points = item.toString === null || item.toString === undefined || item.toString === '' ? null : Number(item.toString);
      if (points !== null && !Number.isFinite(points)) return null;
      fields[source.fieldId] = points;
    } else return null;
  }
  return { ...known, fields };
}

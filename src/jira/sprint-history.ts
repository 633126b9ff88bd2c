import { parseInstant } from '../domain/flow';
import type { ChangeHistory } from './schemas';

/**
 * When an issue joined a sprint, read from the Sprint field's history: the first change whose new value lists the
 * sprint and whose old value did not. An issue with no such change was created in the sprint. Joining after the
 * sprint started makes the work unplanned (an interrupt).
 */

function listsSprint(value: string | null | undefined, sprintId: number): boolean {
  if (!value) return false;
  return value.split(',').some((part) => Number(part.trim()) === sprintId);
}

export function joinedSprintAt(histories: readonly ChangeHistory[], sprintFieldId: string, sprintId: number, created: string | null): string | null {
  const ordered = [...histories].sort((a, b) => (parseInstant(a.created) ?? 0) - (parseInstant(b.created) ?? 0));
  for (const h of ordered) {
    for (const item of h.items) {
      const isSprint = item.fieldId === sprintFieldId || (item.fieldId === undefined && item.field === 'Sprint');
      if (isSprint && listsSprint(item.to, sprintId) && !listsSprint(item.from, sprintId)) return h.created;
    }
  }
  return created;
}


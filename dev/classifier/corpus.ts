import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../../src/domain/category';
import type { NormalizedIssue } from '../../src/domain/issue';
import { findPointsField, normalizeIssues, readIssueList } from '../../src/domain/normalize';

/**
 * The labelled sets the classifier is trained and judged on, read from ../shared/data (never copied into the project):
 * the real corpus (399 public issues, operations and product teams) and the development set (62 realistic issues).
 */

export const SHARED_DIR = process.env['SHARED_DIR'] ?? join(__dirname, '..', '..', '..', 'shared');

export type Team = 'infra' | 'product';

export interface Labelled {
  issue: NormalizedIssue;
  category: Category;
  /** Real corpus only: the kind of team whose tracker it came from. */
  team: Team | null;
  /** Both readers found it genuinely ambiguous. */
  disputed: boolean;
  /** Real corpus only: the tracker it came from ("owner/repository" of its source URL), for splits that keep a source together. */
  source: string | null;
}

const expectedSchema = z.record(
  z.string(),
  z.object({ category: z.enum(CATEGORIES), team: z.enum(['infra', 'product']).optional(), disputed: z.boolean().optional(), source: z.string().optional() }),
);
const fileSchema = z.looseObject({ expected: expectedSchema });

/** "https://github.com/owner/repo/issues/12" -> "owner/repo"; any other address stands for itself. */
function trackerOf(url: string): string {
  const m = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)/.exec(url);
  return (m?.[1] ?? url).toLowerCase();
}

function load(file: string): Labelled[] {
  const json: unknown = JSON.parse(readFileSync(join(SHARED_DIR, 'data', file), 'utf8'));
  const list = readIssueList(json);
  if (!list.ok) throw new Error(`${file}: ${list.error}`);
  const { expected } = fileSchema.parse(json);
  const fieldId = findPointsField(list.value.names);
  const issues = normalizeIssues(list.value.issues, fieldId === null ? { kind: 'none' } : { kind: 'field', fieldId });
  if (!issues.ok) throw new Error(`${file}: ${issues.error}`);
  return issues.value.map((issue) => {
    const label = expected[issue.key];
    if (!label) throw new Error(`${file}: no label for ${issue.key}`);
    return { issue, category: label.category, team: label.team ?? null, disputed: label.disputed ?? false, source: label.source === undefined ? null : trackerOf(label.source) };
  });
}

export function loadRealCorpus(): Labelled[] {
  return load('ktlo-real-corpus.json');
}

export function loadDevSet(): Labelled[] {
  return load('ktlo-labelled-dev.json');
}

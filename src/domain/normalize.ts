import { z } from 'zod';
import { adfToText } from './adf';
import type { EstimateUnit, NormalizedIssue, ParentRef, StatusCategory } from './issue';
import { err, ok, type Result } from './result';

/**
 * Jira issue JSON (platform REST v3 with ADF descriptions, or the agile API with string descriptions) to the domain's
 * NormalizedIssue. Missing or unknown fields never fail: they default. A field present with the wrong type is an error
 * that names the issue and the field, because guessing would turn bad data into wrong numbers.
 */

/** Where an issue's estimate comes from. */
export type EstimateSource =
  | { kind: 'field'; fieldId: string }
  | { kind: 'originalEstimate' }
  | { kind: 'issueCount' }
  | { kind: 'none' };

export function estimateUnit(source: EstimateSource): EstimateUnit {
  if (source.kind === 'originalEstimate') return 'hours';
  if (source.kind === 'issueCount') return 'issues';
  return 'points';
}

const named = z.object({ name: z.string() });
const issueTypeSchema = z.object({ name: z.string(), subtask: z.boolean().optional(), hierarchyLevel: z.number().int().optional() });

/** Field schemas, applied one by one so an error can name its field. `null` always means "not set". */
const FIELD_SCHEMAS = {
  summary: z.string(),
  description: z.union([z.string(), z.object({ type: z.string() }).passthrough()]),
  issuetype: issueTypeSchema,
  labels: z.array(z.string()),
  components: z.array(named),
  priority: named,
  status: z.object({ statusCategory: z.object({ key: z.string() }).optional() }),
  project: z.object({ key: z.string() }),
  parent: z.object({
    id: z.string().optional(),
    key: z.string(),
    fields: z
      .object({ summary: z.string().optional(), issuetype: issueTypeSchema.optional(), labels: z.array(z.string()).optional() })
      .optional(),
  }),
  // The agile API's epic link, for company-managed boards that still report it.
  epic: z.object({ key: z.string(), summary: z.string().optional(), name: z.string().optional() }),
  created: z.string(),
  resolutiondate: z.string(),
  timeoriginalestimate: z.number().nonnegative(),
} as const;

type FieldName = keyof typeof FIELD_SCHEMAS;
type FieldValue<K extends FieldName> = z.infer<(typeof FIELD_SCHEMAS)[K]>;

/**
 * An issue's `fields`: a JSON object, its values read field by field below. Checked as an object, not copied key by
 * key into a new one as a record schema would (a sprint's issues carry thousands of fields between them).
 */
export const issueFieldsSchema = z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'fields must be an object');

const rawIssueSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  key: z.string().min(1),
  fields: issueFieldsSchema.optional(),
});

const TYPE_HINT: Record<FieldName, string> = {
  summary: 'a string',
  description: 'a string or an ADF document',
  issuetype: 'an object with a name',
  labels: 'an array of strings',
  components: 'an array of objects with a name',
  priority: 'an object with a name',
  status: 'an object',
  project: 'an object with a key',
  parent: 'an object with a key',
  epic: 'an object with a key',
  created: 'a date string',
  resolutiondate: 'a date string',
  timeoriginalestimate: 'a non-negative number of seconds',
};

class FieldError extends Error {}

function field<K extends FieldName>(fields: Record<string, unknown>, key: string, name: K): FieldValue<K> | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  const parsed = FIELD_SCHEMAS[name].safeParse(value);
  if (!parsed.success) throw new FieldError(`issue ${key}: field "${name}" must be ${TYPE_HINT[name]}`);
  return parsed.data as FieldValue<K>;
}

function statusCategory(key: string | undefined): StatusCategory | null {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : null;
}

function readEstimate(fields: Record<string, unknown>, key: string, source: EstimateSource): number | null {
  switch (source.kind) {
    case 'none':
      return null;
    case 'issueCount':
      return 1;
    case 'originalEstimate': {
      const seconds = field(fields, key, 'timeoriginalestimate');
      return seconds === null ? null : Math.round((seconds / 3600) * 100) / 100;
    }
    case 'field': {
      const value = fields[source.fieldId];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new FieldError(`issue ${key}: field "${source.fieldId}" (estimate) must be a non-negative number`);
      }
      return value;
    }
  }
}

function readParent(fields: Record<string, unknown>, key: string, isSubtask: boolean): ParentRef | null {
  const parent = field(fields, key, 'parent');
  if (parent) {
    const type = parent.fields?.issuetype;
    return {
      key: parent.key,
      ...(parent.id === undefined ? {} : { id: parent.id }),
      summary: parent.fields?.summary ?? '',
      issueType: type?.name ?? '',
      // A standard issue's parent sits above it in the hierarchy: an epic (level 1) in every Jira Cloud project.
      isEpic: !isSubtask && (type?.hierarchyLevel === undefined || type.hierarchyLevel >= 1),
      labels: parent.fields?.labels ?? [],
    };
  }
  const epic = field(fields, key, 'epic');
  if (epic && !isSubtask) {
    return { key: epic.key, summary: epic.summary ?? epic.name ?? '', issueType: 'Epic', isEpic: true, labels: [] };
  }
  return null;
}

function normalizeOne(raw: z.infer<typeof rawIssueSchema>, source: EstimateSource): NormalizedIssue {
  const key = raw.key;
  const fields = raw.fields ?? {};
  const type = field(fields, key, 'issuetype');
  const isSubtask = type?.subtask === true || type?.hierarchyLevel === -1;
  const typeName = type?.name ?? '';
  const hierarchyLevel = type?.hierarchyLevel ?? (isSubtask ? -1 : typeName.toLowerCase() === 'epic' ? 1 : 0);
  return {
    id: raw.id === undefined ? key : String(raw.id),
    key,
    summary: field(fields, key, 'summary') ?? '',
    description: adfToText(field(fields, key, 'description')),
    issueType: typeName,
    isSubtask,
    hierarchyLevel,
    labels: field(fields, key, 'labels') ?? [],
    components: (field(fields, key, 'components') ?? []).map((c) => c.name),
    priority: field(fields, key, 'priority')?.name ?? null,
    statusCategory: statusCategory(field(fields, key, 'status')?.statusCategory?.key),
    projectKey: field(fields, key, 'project')?.key ?? (key.includes('-') ? key.slice(0, key.lastIndexOf('-')) : null),
    parent: readParent(fields, key, isSubtask),
    created: field(fields, key, 'created'),
    resolutionDate: field(fields, key, 'resolutiondate'),
    estimate: readEstimate(fields, key, source),
    estimateUnit: estimateUnit(source),
  };
}

/** Normalise one raw issue; `index` names it in errors when it has no key. */
export function normalizeIssue(raw: unknown, source: EstimateSource, index = 0): Result<NormalizedIssue> {
  const parsed = rawIssueSchema.safeParse(raw);
  if (!parsed.success) {
    const key = typeof raw === 'object' && raw !== null && 'key' in raw && typeof raw.key === 'string' ? raw.key : `#${index + 1}`;
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    return err(`issue ${key}: ${path === '' ? 'must be an object with a key' : `"${path}" is not valid`}`);
  }
  try {
    return ok(normalizeOne(parsed.data, source));
  } catch (e) {
    if (e instanceof FieldError) return err(e.message);
    throw e;
  }
}

/** A Jira search or agile response (`{ issues, names? }`) or a bare array of issues. */
const issueListSchema = z.union([
  z.array(z.unknown()),
  z.object({ issues: z.array(z.unknown()), names: z.record(z.string(), z.string()).optional() }).passthrough(),
]);

export interface IssueList {
  issues: unknown[];
  names: Record<string, string>;
}

export function readIssueList(json: unknown): Result<IssueList> {
  const parsed = issueListSchema.safeParse(json);
  if (!parsed.success) return err('expected a Jira search response ({ "issues": [...] }) or a JSON array of issues');
  return Array.isArray(parsed.data) ? ok({ issues: parsed.data, names: {} }) : ok({ issues: parsed.data.issues, names: parsed.data.names ?? {} });
}

const STORY_POINT_NAMES = new Set(['story points', 'story point estimate']);

/** The story points field of an export, found by its display name in the response's `names` map (CLI only: the backend uses the board's estimation field). */
export function findPointsField(names: Record<string, string>): string | null {
  for (const [id, name] of Object.entries(names)) if (STORY_POINT_NAMES.has(name.trim().toLowerCase())) return id;
  return null;
}

export function normalizeIssues(raw: readonly unknown[], source: EstimateSource): Result<NormalizedIssue[]> {
  const out: NormalizedIssue[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = normalizeIssue(raw[i], source, i);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

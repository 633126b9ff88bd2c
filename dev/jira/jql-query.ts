import { RANK_FIELD_ID, SPRINT_FIELD_ID, type FieldDef } from './field-catalogue';
import { JqlError, parseJql, type Clause, type Operand, type SortKey, type Value } from './jql-parser';
import { visibleIssue, visibleProject } from './permissions';
import { findIssue, findProject, issueTypeById, statusById, type Issue, type Json, type Site, type User } from './site-model';

/**
 * JQL meaning over a site, as the calling user sees it: the clauses this app sends (project, sprint, filter, issuekey,
 * statusCategory, dates, the app's field, ...) and ORDER BY. As in Jira, naming a project or issue the user cannot browse
 * is an error (400), not an empty result, and `!=` / `not in` never match an empty field.
 */

export interface CompiledJql {
  readonly hasWhere: boolean;
  matches(issue: Issue): boolean;
  /** Orders by the query's ORDER BY, or by `fallback` when it has none. Returns a new array. */
  sort(issues: readonly Issue[], fallback: readonly SortKey[]): Issue[];
}

type Predicate = (issue: Issue) => boolean;
type Term = Extract<Clause, { kind: 'term' }>;

interface Context {
  site: Site;
  /** Null for a board's own filter, which is read whole: the caller's permissions then apply to the issues it finds. */
  user: User | null;
  now: number;
  /** Saved filters being expanded, to refuse a filter that names itself. */
  filters: number[];
}

type Handler = (term: Term, ctx: Context) => Predicate;

export function compileJql(site: Site, user: User | null, text: string): CompiledJql {
  const query = parseJql(text);
  const ctx: Context = { site, user, now: Date.parse(site.now), filters: [] };
  const predicate = query.where ? compileClause(query.where, ctx) : () => true;
  const sortKeys = query.orderBy.map((key) => sortValue(site, key));
  return {
    hasWhere: query.where !== null,
    matches: predicate,
    sort(issues, fallback) {
      const keys = sortKeys.length > 0 ? sortKeys : fallback.map((key) => sortValue(site, key));
      return [...issues].sort((a, b) => {
        for (const key of keys) {
          const order = compareSortable(key.value(a), key.value(b), key.direction);
          if (order !== 0) return order;
        }
        return Number(a.id) - Number(b.id);
      });
    },
  };
}

function compileClause(clause: Clause, ctx: Context): Predicate {
  switch (clause.kind) {
    case 'and': {
      const parts = clause.clauses.map((c) => compileClause(c, ctx));
      return (issue) => parts.every((p) => p(issue));
    }
    case 'or': {
      const parts = clause.clauses.map((c) => compileClause(c, ctx));
      return (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compileClause(clause.clause, ctx);
      return (issue) => !inner(issue);
    }
    case 'term':
      return handlerFor(clause.field, ctx.site)(clause, ctx);
    case 'history':
      return compileHistory(clause, ctx);
  }
}

function unknownField(name: string): JqlError {
  return new JqlError(`Field '${name}' does not exist or you do not have permission to view it.`);
}

function unsupportedOperator(term: Term): JqlError {
  return new JqlError(`The operator '${term.operator}' is not supported by the '${term.field}' field.`);
}

function noSuchValue(field: string, value: string): JqlError {
  return new JqlError(`The value '${value}' does not exist for the field '${field}'.`);
}

function unknownFunction(field: string, value: Extract<Value, { kind: 'function' }>): JqlError {
  return new JqlError(`Unable to find JQL function '${value.name}(${value.args.join(', ')})' for the field '${field}'.`);
}

/** The literal values of an equality operand; functions are resolved by `fn`, which throws for ones the field lacks. */
function operandValues(term: Term, fn: (value: Extract<Value, { kind: 'function' }>) => string[] = (v) => { throw unknownFunction(term.field, v); }): string[] {
  const values = term.operand.kind === 'list' ? term.operand.values : term.operand.kind === 'value' ? [term.operand.value] : [];
  return values.flatMap((v) => (v.kind === 'literal' ? [v.text] : fn(v)));
}

interface SetFieldSpec {
  /** The issue's values, canonical (ids, keys, lower-case text). */
  values(issue: Issue, ctx: Context): readonly string[];
  /** A JQL value to canonical values; throws a JqlError when the value does not exist for this user. */
  resolve(text: string, ctx: Context): string[];
  functions?: (value: Extract<Value, { kind: 'function' }>, ctx: Context) => string[];
  allowEmpty?: boolean;
}

/** Equality and list operators over a field with zero or more values (project, status, labels, sprint, ...). */
function setField(spec: SetFieldSpec): Handler {
  return (term, ctx) => {
    if (term.operator === 'is' || term.operator === 'is not') {
      if (spec.allowEmpty === false) throw unsupportedOperator(term);
      const wantEmpty = term.operator === 'is';
      return (issue) => (spec.values(issue, ctx).length === 0) === wantEmpty;
    }
    if (!['=', '!=', 'in', 'not in'].includes(term.operator)) throw unsupportedOperator(term);
    if (term.operand.kind === 'empty') {
      const wantEmpty = term.operator === '=' || term.operator === 'in';
      return (issue) => (spec.values(issue, ctx).length === 0) === wantEmpty;
    }
    const targets = new Set(
      operandValues(term, (fn) => {
        if (!spec.functions) throw unknownFunction(term.field, fn);
        return spec.functions(fn, ctx);
      }).flatMap((text) => spec.resolve(text, ctx)),
    );
    const positive = term.operator === '=' || term.operator === 'in';
    return (issue) => {
      const values = spec.values(issue, ctx);
      if (values.length === 0) return false;
      const hit = values.some((v) => targets.has(v));
      return positive ? hit : !hit;
    };
  };
}

const projectField = setField({
  values: (issue) => [issue.projectKey],
  resolve: (text, ctx) => {
    const project = ctx.user ? visibleProject(ctx.site, ctx.user, text) : findProject(ctx.site, text);
    if (!project) throw noSuchValue('project', text);
    return [project.key];
  },
  allowEmpty: false,
});

function issueReference(field: string): (text: string, ctx: Context) => string[] {
  return (text, ctx) => {
    if (!/^\d+$/.test(text) && !/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(text)) throw new JqlError(`The issue key '${text}' for field '${field}' is invalid.`);
    const issue = ctx.user ? visibleIssue(ctx.site, ctx.user, text) : findIssue(ctx.site, text);
    if (!issue) throw new JqlError(`An issue with key '${text}' does not exist for field '${field}'.`);
    return [issue.id];
  };
}

const sprintField = setField({
  values: (issue) => issue.sprintIds.map(String),
  resolve: (text, ctx) => {
    const sprint = /^\d+$/.test(text) ? ctx.site.sprints.get(Number(text)) : [...ctx.site.sprints.values()].find((s) => s.name.toLowerCase() === text.toLowerCase());
    if (!sprint) throw noSuchValue('sprint', text);
    return [String(sprint.id)];
  },
  functions: (fn, ctx) => {
    const states: Record<string, readonly string[]> = { opensprints: ['active', 'future'], closedsprints: ['closed'], futuresprints: ['future'] };
    const wanted = states[fn.name.toLowerCase()];
    if (!wanted || fn.args.length > 0) throw unknownFunction('sprint', fn);
    return [...ctx.site.sprints.values()].filter((s) => wanted.includes(s.state)).map((s) => String(s.id));
  },
});

/** Status categories by name, key or id. */
const STATUS_CATEGORY_NAMES: Record<string, string> = {
  'to do': 'new',
  new: 'new',
  '2': 'new',
  'in progress': 'indeterminate',
  indeterminate: 'indeterminate',
  '4': 'indeterminate',
  done: 'done',
  '3': 'done',
};

const statusCategoryField = setField({
  values: (issue, ctx) => [statusById(ctx.site, issue.statusId).category],
  resolve: (text) => {
    const key = STATUS_CATEGORY_NAMES[text.toLowerCase()];
    if (!key) throw noSuchValue('statusCategory', text);
    return [key];
  },
  allowEmpty: false,
});

function byNameOrId(field: string, list: (ctx: Context) => readonly { id: string; name: string }[]): (text: string, ctx: Context) => string[] {
  return (text, ctx) => {
    const found = list(ctx).filter((x) => x.id === text || x.name.toLowerCase() === text.toLowerCase());
    if (found.length === 0) throw noSuchValue(field, text);
    return found.map((x) => x.id);
  };
}

const statusSpec: SetFieldSpec = { values: (issue) => [issue.statusId], resolve: byNameOrId('status', (ctx) => ctx.site.statuses), allowEmpty: false };
const statusField = setField(statusSpec);

const issueTypeField = setField({
  values: (issue) => [issue.issueTypeId],
  resolve: byNameOrId('issuetype', (ctx) => ctx.site.issueTypes),
  functions: (fn, ctx) => {
    const name = fn.name.toLowerCase();
    if ((name !== 'standardissuetypes' && name !== 'subtaskissuetypes') || fn.args.length > 0) throw unknownFunction('issuetype', fn);
    return ctx.site.issueTypes.filter((t) => t.subtask === (name === 'subtaskissuetypes')).map((t) => t.id);
  },
  allowEmpty: false,
});

const prioritySpec: SetFieldSpec = { values: (issue) => [issue.priorityId], resolve: byNameOrId('priority', (ctx) => ctx.site.priorities) };
const priorityField = setField(prioritySpec);

const resolutionByName = byNameOrId('resolution', (ctx) => ctx.site.resolutions);
const resolutionSpec: SetFieldSpec = {
  values: (issue) => (issue.resolutionId === null ? [] : [issue.resolutionId]),
  // `Unresolved` names the empty value (''), as in history searches: `resolution WAS Unresolved`.
  resolve: (text, ctx) => (text.toLowerCase() === 'unresolved' ? [''] : resolutionByName(text, ctx)),
};
const resolutionValues = setField(resolutionSpec);

/** `resolution = Unresolved` names the empty value, so it cannot go through the plain equality rules. */
const resolutionField: Handler = (term, ctx) => {
  const values = term.operand.kind === 'empty' ? [] : operandValues(term);
  if (!values.some((v) => v.toLowerCase() === 'unresolved')) return resolutionValues(term, ctx);
  if (!['=', '!=', 'in', 'not in'].includes(term.operator)) throw unsupportedOperator(term);
  const targets = new Set(values.filter((v) => v.toLowerCase() !== 'unresolved').flatMap((v) => resolutionByName(v, ctx)));
  const positive = term.operator === '=' || term.operator === 'in';
  return (issue) => (issue.resolutionId === null || targets.has(issue.resolutionId)) === positive;
};

const labelsField = setField({ values: (issue) => issue.labels.map((l) => l.toLowerCase()), resolve: (text) => [text.toLowerCase()] });

const componentField = setField({
  values: (issue) => issue.componentIds,
  resolve: byNameOrId('component', (ctx) => [...ctx.site.projects.values()].flatMap((p) => p.components)),
});

function userSpec(get: (issue: Issue) => string | null, field: string): SetFieldSpec {
  return {
    values: (issue) => {
      const id = get(issue);
      return id === null ? [] : [id];
    },
    resolve: (text, ctx) => {
      const user = [...ctx.site.users.values()].find((u) => u.accountId === text || u.emailAddress.toLowerCase() === text.toLowerCase());
      if (!user) throw noSuchValue(field, text);
      return [user.accountId];
    },
    functions: (fn, ctx) => {
      if (fn.name.toLowerCase() !== 'currentuser' || fn.args.length > 0) throw unknownFunction(field, fn);
      return ctx.user ? [ctx.user.accountId] : [];
    },
  };
}

function userField(get: (issue: Issue) => string | null, field: string): Handler {
  return setField(userSpec(get, field));
}

class FilterCycleError extends JqlError {}

const filterField: Handler = (term, ctx) => {
  if (!['=', '!=', 'in', 'not in'].includes(term.operator) || term.operand.kind === 'empty') throw unsupportedOperator(term);
  const parts = operandValues(term).map((text) => {
    const filter = /^\d+$/.test(text) ? ctx.site.filters.get(Number(text)) : [...ctx.site.filters.values()].find((f) => f.name.toLowerCase() === text.toLowerCase());
    if (!filter) throw noSuchValue(term.field, text);
    if (ctx.filters.includes(filter.id)) throw new FilterCycleError(`The saved filter '${filter.name}' refers to itself.`);
    const where = parseJql(filter.jql).where;
    if (!where) return () => true;
    try {
      return compileClause(where, { ...ctx, filters: [...ctx.filters, filter.id] });
    } catch (e) {
      // A filter over projects the user cannot see is, to that user, a filter that does not exist.
      if (e instanceof JqlError && !(e instanceof FilterCycleError)) throw noSuchValue(term.field, text);
      throw e;
    }
  });
  const positive = term.operator === '=' || term.operator === 'in';
  return (issue) => parts.some((p) => p(issue)) === positive;
};

const DATE_FORMATS = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?: (\d{1,2}):(\d{2}))?$/;
/** A period: one or more of `Nw`, `Nd`, `Nh`, `Nm`, signed as a whole ("-1d", "-2w", "4w 2d", "+3h"). */
const PERIOD = /^([-+]?)((?:\d+[wdhm]\s*)+)$/;
const PERIOD_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

function periodMs(text: string): number | null {
  const match = PERIOD.exec(text.trim());
  if (!match) return null;
  let total = 0;
  for (const part of (match[2] ?? '').matchAll(/(\d+)([wdhm])/g)) total += Number(part[1]) * (PERIOD_MS[part[2] ?? 'd'] ?? 0);
  return match[1] === '-' ? -total : total;
}

const UNITS = ['y', 'M', 'w', 'd', 'h', 'm'] as const;
type Unit = (typeof UNITS)[number];

function isUnit(text: string): text is Unit {
  return UNITS.some((u) => u === text);
}

/** Moves a UTC time by `amount` units; months and years by the calendar. */
function shift(at: number, amount: number, unit: Unit): number {
  const date = new Date(at);
  if (unit === 'y') return date.setUTCFullYear(date.getUTCFullYear() + amount);
  if (unit === 'M') return date.setUTCMonth(date.getUTCMonth() + amount);
  return at + amount * ({ w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 } as const)[unit];
}

/** The start (or, with end, the last millisecond) of the day, week (Monday first), month or year holding `at`, in UTC. */
function periodEdge(at: number, period: 'd' | 'w' | 'M' | 'y', end: boolean): number {
  const d = new Date(at);
  const startOfDay = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const start =
    period === 'd'
      ? startOfDay
      : period === 'w'
        ? startOfDay - ((d.getUTCDay() + 6) % 7) * 86_400_000
        : period === 'M'
          ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
          : Date.UTC(d.getUTCFullYear(), 0, 1);
  return end ? shift(start, 1, period) - 1 : start;
}

const EDGE_FUNCTIONS: Record<string, { period: 'd' | 'w' | 'M' | 'y'; end: boolean }> = {
  startofday: { period: 'd', end: false },
  endofday: { period: 'd', end: true },
  startofweek: { period: 'w', end: false },
  endofweek: { period: 'w', end: true },
  startofmonth: { period: 'M', end: false },
  endofmonth: { period: 'M', end: true },
  startofyear: { period: 'y', end: false },
  endofyear: { period: 'y', end: true },
};

/**
 * `startOfDay()`, `endOfWeek(-1)`, `startOfMonth("+2M")`, `now()`: the optional increment is `(+/-)nn(y|M|w|d|h|m)`, its
 * unit by default the function's own period, applied before the edge is taken.
 */
function dateFunction(field: string, value: Extract<Value, { kind: 'function' }>, now: number): number {
  const name = value.name.toLowerCase();
  if (name === 'now' && value.args.length === 0) return now;
  const edge = EDGE_FUNCTIONS[name];
  if (!edge || value.args.length > 1) throw unknownFunction(field, value);
  const increment = value.args[0]?.trim();
  if (increment === undefined || increment === '') return periodEdge(now, edge.period, edge.end);
  const match = /^([-+]?\d+)([yMwdhm]?)$/.exec(increment);
  const unit = match?.[2] === '' ? edge.period : (match?.[2] ?? '');
  if (!match || !isUnit(unit)) throw new JqlError(`The increment '${increment}' of function '${value.name}' is invalid: use (+/-)nn(y|M|w|d|h|m).`);
  return periodEdge(shift(now, Number(match[1]), unit), edge.period, edge.end);
}

function parseDate(field: string, value: Value, ctx: Context): number {
  if (value.kind === 'function') return dateFunction(field, value, ctx.now);
  const text = value.text.trim();
  const period = periodMs(text);
  if (period !== null) return ctx.now + period;
  const date = DATE_FORMATS.exec(text);
  if (date) {
    const [, y, mo, d, h, mi] = date;
    return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0));
  }
  throw new JqlError(
    `Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** Ordered fields (dates, numbers): comparisons, lists and EMPTY. */
function orderedField(get: (issue: Issue) => number | null, parse: (term: Term, value: Value, ctx: Context) => number): Handler {
  return (term, ctx) => {
    if (term.operator === 'is' || term.operator === 'is not' || term.operand.kind === 'empty') {
      if (!['is', 'is not', '=', '!='].includes(term.operator)) throw unsupportedOperator(term);
      const wantEmpty = term.operator === 'is' || term.operator === '=';
      return (issue) => (get(issue) === null) === wantEmpty;
    }
    if (term.operator === 'in' || term.operator === 'not in') {
      const values = term.operand.kind === 'list' ? term.operand.values : [];
      const targets = values.map((v) => parse(term, v, ctx));
      const positive = term.operator === 'in';
      return (issue) => {
        const v = get(issue);
        return v !== null && targets.includes(v) === positive;
      };
    }
    const compare = COMPARE[term.operator];
    if (!compare || term.operand.kind !== 'value') throw unsupportedOperator(term);
    const target = parse(term, term.operand.value, ctx);
    return (issue) => {
      const v = get(issue);
      return v !== null && compare(v, target);
    };
  };
}

function dateField(get: (issue: Issue) => string | null): Handler {
  return orderedField(
    (issue) => {
      const at = get(issue);
      return at === null ? null : Date.parse(at);
    },
    (term, value, ctx) => parseDate(term.field, value, ctx),
  );
}

function numberValue(term: Term, value: Value): number {
  const n = value.kind === 'literal' ? Number(value.text) : Number.NaN;
  if (!Number.isFinite(n)) throw new JqlError(`The value '${value.kind === 'literal' ? value.text : value.name}' is not a valid number for the field '${term.field}'.`);
  return n;
}

function textField(get: (issue: Issue) => string): Handler {
  return (term) => {
    if ((term.operator !== '~' && term.operator !== '!~') || term.operand.kind !== 'value' || term.operand.value.kind !== 'literal') throw unsupportedOperator(term);
    // Jira's text search takes `*` and `?` wildcards; a word matches where its letters occur.
    const words = term.operand.value.text.toLowerCase().replace(/[*?]/g, ' ').split(/\s+/).filter((w) => w !== '');
    const positive = term.operator === '~';
    return (issue) => {
      const text = get(issue).toLowerCase();
      return words.every((w) => text.includes(w)) === positive;
    };
  };
}

function customValue(issue: Issue, fieldId: string): Json | undefined {
  return issue.customFields.get(fieldId);
}

function customFieldHandler(field: FieldDef): Handler {
  if (field.id === SPRINT_FIELD_ID) return sprintField;
  if (field.schema?.type === 'number') {
    return orderedField(
      (issue) => {
        const v = customValue(issue, field.id);
        return typeof v === 'number' ? v : null;
      },
      (term, value) => numberValue(term, value),
    );
  }
  if (field.schema?.type === 'string') {
    const text = (issue: Issue) => {
      const v = customValue(issue, field.id);
      return typeof v === 'string' ? v : '';
    };
    const equality = setField({ values: (issue) => (text(issue) === '' ? [] : [text(issue).toLowerCase()]), resolve: (t) => [t.toLowerCase()] });
    const contains = textField(text);
    return (term, ctx) => (term.operator === '~' || term.operator === '!~' ? contains(term, ctx) : equality(term, ctx));
  }
  return (term) => {
    throw new JqlError(`The field '${term.field}' is not searchable.`);
  };
}

type HistoryClause = Extract<Clause, { kind: 'history' }>;

/** A field WAS / CHANGED can search: how its values resolve, and the changelog field id its changes are recorded under. */
interface HistoryField {
  spec: SetFieldSpec;
  fieldId: string;
}

const HISTORY_FIELDS: Record<string, HistoryField> = {
  status: { spec: statusSpec, fieldId: 'status' },
  resolution: { spec: resolutionSpec, fieldId: 'resolution' },
  priority: { spec: prioritySpec, fieldId: 'priority' },
  assignee: { spec: userSpec((issue) => issue.assigneeAccountId, 'assignee'), fieldId: 'assignee' },
  reporter: { spec: userSpec((issue) => issue.reporterAccountId, 'reporter'), fieldId: 'reporter' },
};

interface Change {
  at: number;
  by: string;
  from: string;
  to: string;
}

/** The field's changes, oldest first; values are canonical ids, '' for empty. */
function changesOf(issue: Issue, fieldId: string): Change[] {
  return issue.changelog
    .flatMap((h) => h.items.filter((i) => i.fieldId === fieldId).map((i) => ({ at: Date.parse(h.created), by: h.authorAccountId, from: i.from ?? '', to: i.to ?? '' })))
    .sort((a, b) => a.at - b.at);
}

interface Interval {
  value: string;
  start: number;
  end: number;
  /** Who set the value: the reporter for the value the issue was created with. */
  by: string;
}

/** The values the field held, from creation on: from the changelog, else (never changed) the value it has now. */
function intervalsOf(issue: Issue, field: HistoryField, ctx: Context): Interval[] {
  const changes = changesOf(issue, field.fieldId);
  const initial = changes[0]?.from ?? field.spec.values(issue, ctx)[0] ?? '';
  const intervals: Interval[] = [{ value: initial, start: Date.parse(issue.created), end: Number.POSITIVE_INFINITY, by: issue.reporterAccountId }];
  for (const change of changes) {
    const last = intervals[intervals.length - 1];
    if (last) last.end = change.at;
    intervals.push({ value: change.to, start: change.at, end: Number.POSITIVE_INFINITY, by: change.by });
  }
  return intervals;
}

function historyValues(field: HistoryField, name: string, values: readonly Value[], ctx: Context): Set<string> {
  return new Set(
    values.flatMap((v) => {
      if (v.kind === 'literal') return field.spec.resolve(v.text, ctx);
      if (!field.spec.functions) throw unknownFunction(name, v);
      return field.spec.functions(v, ctx);
    }),
  );
}

function operandList(operand: Operand): Value[] {
  return operand.kind === 'list' ? operand.values : operand.kind === 'value' ? [operand.value] : [];
}

const DAY_MS = 86_400_000;

/**
 * `status WAS "In Progress" DURING (-2w, now())`, `status WAS NOT IN (Done) BEFORE 2026-11-01`, `resolution WAS EMPTY`,
 * `status CHANGED FROM "In Progress" TO Done AFTER -30d BY currentUser()`: over the changelog, as Jira searches history.
 */
function compileHistory(clause: HistoryClause, ctx: Context): Predicate {
  const field = HISTORY_FIELDS[clause.field.toLowerCase()];
  if (!field) throw new JqlError(`History searches (WAS, CHANGED) are not supported for the field '${clause.field}'.`);
  const windows: ((start: number, end: number) => boolean)[] = [];
  let by: Set<string> | null = null;
  let from: Set<string> | null = null;
  let to: Set<string> | null = null;
  for (const p of clause.predicates) {
    if (p.kind === 'during') {
      const a = parseDate(clause.field, p.from, ctx);
      const b = parseDate(clause.field, p.to, ctx);
      windows.push((start, end) => start <= b && end >= a);
    } else if (p.kind === 'after' || p.kind === 'before' || p.kind === 'on') {
      const at = parseDate(clause.field, p.value, ctx);
      if (p.kind === 'after') windows.push((_, end) => end > at);
      else if (p.kind === 'before') windows.push((start) => start < at);
      else {
        const day = periodEdge(at, 'd', false);
        windows.push((start, end) => start < day + DAY_MS && end >= day);
      }
    } else if (p.kind === 'by') {
      by = historyValues({ spec: userSpec(() => null, 'by'), fieldId: '' }, 'by', [p.value], ctx);
    } else {
      if (clause.operator !== 'changed') throw new JqlError(`The predicate '${p.kind.toUpperCase()}' is only valid with the CHANGED operator.`);
      const values = historyValues(field, clause.field, [p.value], ctx);
      if (p.kind === 'from') from = values;
      else to = values;
    }
  }
  const inWindows = (start: number, end: number) => windows.every((w) => w(start, end));
  if (clause.operator === 'changed') {
    return (issue) =>
      changesOf(issue, field.fieldId).some(
        (c) => (from === null || from.has(c.from)) && (to === null || to.has(c.to)) && inWindows(c.at, c.at) && (by === null || by.has(c.by)),
      );
  }
  const operand = clause.operand ?? { kind: 'empty' };
  const targets = operand.kind === 'empty' ? new Set(['']) : historyValues(field, clause.field, operandList(operand), ctx);
  const positive = clause.operator === 'was' || clause.operator === 'was in';
  return (issue) =>
    intervalsOf(issue, field, ctx).some((iv) => targets.has(iv.value) && inWindows(iv.start, iv.end) && (by === null || by.has(iv.by))) === positive;
}

/** Versions: the site has none, so every issue's fix and affected versions are empty, and no version value exists. */
function versionField(field: string): Handler {
  return setField({
    values: () => [],
    resolve: (text) => {
      throw noSuchValue(field, text);
    },
    functions: (fn) => {
      if (!['releasedversions', 'unreleasedversions', 'latestreleasedversion', 'earliestunreleasedversion'].includes(fn.name.toLowerCase())) throw unknownFunction(field, fn);
      return [];
    },
  });
}

const SYSTEM_HANDLERS: Record<string, Handler> = {
  project: projectField,
  sprint: sprintField,
  filter: filterField,
  request: filterField,
  savedfilter: filterField,
  searchrequest: filterField,
  statuscategory: statusCategoryField,
  status: statusField,
  issuetype: issueTypeField,
  type: issueTypeField,
  priority: priorityField,
  resolution: resolutionField,
  labels: labelsField,
  component: componentField,
  assignee: userField((issue) => issue.assigneeAccountId, 'assignee'),
  reporter: userField((issue) => issue.reporterAccountId, 'reporter'),
  // The site records no separate creator: issues are created by their reporter.
  creator: userField((issue) => issue.reporterAccountId, 'creator'),
  fixversion: versionField('fixVersion'),
  affectedversion: versionField('affectedVersion'),
  // No issue of the site has a due date.
  duedate: dateField(() => null),
  due: dateField(() => null),
  created: dateField((issue) => issue.created),
  createddate: dateField((issue) => issue.created),
  updated: dateField((issue) => issue.updated),
  updateddate: dateField((issue) => issue.updated),
  resolved: dateField((issue) => issue.resolutiondate),
  resolutiondate: dateField((issue) => issue.resolutiondate),
  statuscategorychangeddate: dateField((issue) => issue.statusCategoryChangedAt),
  summary: textField((issue) => issue.summary),
  description: textField((issue) => issue.description ?? ''),
  text: textField((issue) => `${issue.summary}\n${issue.description ?? ''}`),
};

for (const name of ['issuekey', 'key', 'id', 'issue']) {
  SYSTEM_HANDLERS[name] = setField({ values: (issue) => [issue.id], resolve: issueReference(name), allowEmpty: false });
}
SYSTEM_HANDLERS['parent'] = setField({ values: (issue) => (issue.parentId === null ? [] : [issue.parentId]), resolve: issueReference('parent') });

function handlerFor(name: string, site: Site): Handler {
  const lower = name.toLowerCase();
  const system = SYSTEM_HANDLERS[lower];
  if (system) return system;
  const custom = site.fields.find((f) => f.custom && f.clauseNames.some((c) => c.toLowerCase() === lower));
  if (custom) return customFieldHandler(custom);
  throw unknownField(name);
}

type Sortable = number | string | null;

interface SortValue {
  direction: SortKey['direction'];
  value(issue: Issue): Sortable;
}

function compareSortable(a: Sortable, b: Sortable, direction: SortKey['direction']): number {
  // Empty values sort last whichever the direction, as in Jira's issue navigator.
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return direction === 'ASC' ? order : -order;
}

function sortValue(site: Site, key: SortKey): SortValue {
  const lower = key.field.toLowerCase();
  const date = (get: (issue: Issue) => string | null) => (issue: Issue) => {
    const at = get(issue);
    return at === null ? null : Date.parse(at);
  };
  const userName = (get: (issue: Issue) => string | null) => (issue: Issue) => {
    const id = get(issue);
    return id === null ? null : (site.users.get(id)?.displayName ?? id);
  };
  const byKey = (issue: Issue) => issue.projectKey.padEnd(12, ' ') + issue.key.slice(issue.key.lastIndexOf('-') + 1).padStart(9, '0');
  const byType = (issue: Issue) => issueTypeById(site, issue.issueTypeId).name;
  const system: Record<string, (issue: Issue) => Sortable> = {
    key: byKey,
    issuekey: byKey,
    id: (issue) => Number(issue.id),
    created: date((issue) => issue.created),
    updated: date((issue) => issue.updated),
    resolved: date((issue) => issue.resolutiondate),
    resolutiondate: date((issue) => issue.resolutiondate),
    rank: (issue) => issue.rank,
    // Jira sorts priorities by their scheme position: ASC puts the lowest first.
    priority: (issue) => site.priorities.length - site.priorities.findIndex((p) => p.id === issue.priorityId),
    status: (issue) => site.statuses.findIndex((s) => s.id === issue.statusId),
    issuetype: byType,
    type: byType,
    summary: (issue) => issue.summary,
    project: (issue) => issue.projectKey,
    assignee: userName((issue) => issue.assigneeAccountId),
    reporter: userName((issue) => issue.reporterAccountId),
    creator: userName((issue) => issue.reporterAccountId),
    duedate: () => null,
    due: () => null,
    statuscategory: (issue) => ['new', 'indeterminate', 'done'].indexOf(statusById(site, issue.statusId).category),
  };
  const systemValue = system[lower];
  if (systemValue) return { direction: key.direction, value: systemValue };
  const custom = site.fields.find((f) => f.custom && f.clauseNames.some((c) => c.toLowerCase() === lower));
  if (custom?.id === RANK_FIELD_ID) return { direction: key.direction, value: (issue) => issue.rank };
  if (custom && (custom.schema?.type === 'number' || custom.schema?.type === 'string')) {
    return {
      direction: key.direction,
      value: (issue) => {
        const v = issue.customFields.get(custom.id);
        return typeof v === 'number' || typeof v === 'string' ? v : null;
      },
    };
  }
  if (custom || SYSTEM_HANDLERS[lower]) throw new JqlError(`Field '${key.field}' does not support sorting.`);
  throw unknownField(key.field);
}

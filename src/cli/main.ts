import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CATEGORIES, type Category } from '../domain/category';
import { readIssue } from '../domain/classify';
import { bandSchema, describeIssues, parseGlobalConfig, resolveConfig, DEFAULT_GLOBAL_CONFIG, type EffectiveConfig } from '../domain/config';
import { classifyBatch, NO_DECISIONS, type Decisions } from '../domain/decide';
import type { NormalizedIssue } from '../domain/issue';
import { measureSprint } from '../domain/measure';
import { estimateUnit, findPointsField, normalizeIssue, normalizeIssues, readIssueList, type EstimateSource } from '../domain/normalize';
import type { Result } from '../domain/result';
import { learnFromExamples, teamModel, type TeamModel } from '../domain/team-model';

/**
 * `ktlo classify|capacity <file|->`: the domain over Jira JSON exports, for offline use, scripting and CI of rules.
 * Expected failures (bad files, bad flags) exit 2 with one line on stderr; nothing half-printed on stdout.
 */

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => string;
}

const USAGE = `usage:
  ktlo classify <file|-> [--learn-from labelled.json] [--config config.json] [--points-field customfield_NNNNN]
  ktlo capacity <file|-> [--min 0.2] [--max 0.3] [--capacity N] [--config config.json] [--points-field customfield_NNNNN]`;

class UsageError extends Error {}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new UsageError(result.error);
  return result.value;
}

function readJson(source: string, what: string, io: Io): unknown {
  let text: string;
  try {
    text = source === '-' ? io.readStdin() : readFileSync(source, 'utf8');
  } catch (e) {
    const code = e instanceof Error && 'code' in e ? String(e.code) : 'unreadable';
    throw new UsageError(`cannot read ${what} ${source === '-' ? 'from stdin' : `'${source}'`} (${code})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${source === '-' ? 'on stdin' : `'${source}'`} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${flag} must be a number, got '${value}'`);
  return n;
}

function shareFlag(value: string | undefined, flag: string): number | undefined {
  const n = numberFlag(value, flag);
  if (n !== undefined && (n < 0 || n > 1)) throw new UsageError(`--${flag} must be a share between 0 and 1 (e.g. 0.2 for 20%), got ${n}`);
  return n;
}

function estimateSource(config: EffectiveConfig, names: Record<string, string>, pointsField: string | undefined): EstimateSource {
  switch (config.estimationBasis) {
    case 'issueCount':
      return { kind: 'issueCount' };
    case 'originalEstimate':
      return { kind: 'originalEstimate' };
    case 'board':
    case 'storyPoints': {
      const fieldId = pointsField ?? findPointsField(names);
      return fieldId === null ? { kind: 'none' } : { kind: 'field', fieldId };
    }
  }
}

interface Loaded {
  issues: NormalizedIssue[];
  config: EffectiveConfig;
  source: EstimateSource;
}

function load(file: string, configPath: string | undefined, pointsField: string | undefined, io: Io): Loaded {
  const global = configPath === undefined ? DEFAULT_GLOBAL_CONFIG : unwrap(parseGlobalConfig(readJson(configPath, 'config', io)));
  const config = resolveConfig(global);
  const list = unwrap(readIssueList(readJson(file, 'input', io)));
  const source = estimateSource(config, list.names, pointsField);
  return { issues: unwrap(normalizeIssues(list.issues, source)), config, source };
}

/** `--capacity -3` would read as two flags: glue a negative number to its option so it gets a proper range error. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const next = args[i + 1];
    if (/^--(min|max|capacity)$/.test(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** `labelled.json`: the team's overrides with their issues, `[{ "issue": <Jira issue JSON>, "category": "KTLO" | "PROJECT" }]`. */
const labelledSchema = z.array(z.object({ issue: z.unknown(), category: z.enum(CATEGORIES) }).strict());

interface Learned {
  team: TeamModel;
  /** The team's label for each issue id. */
  labels: Map<string, Category>;
}

function learnFrom(path: string, config: EffectiveConfig, source: EstimateSource, io: Io): Learned {
  const parsed = labelledSchema.safeParse(readJson(path, '--learn-from file', io));
  if (!parsed.success) {
    throw new UsageError(`--learn-from file '${path}' must be a JSON array of { "issue": <Jira issue>, "category": "KTLO" | "PROJECT" }: ${describeIssues(parsed.error.issues)}`);
  }
  const labels = new Map<string, Category>();
  const examples = parsed.data.map((entry, index) => {
    const issue = normalizeIssue(entry.issue, source, index);
    if (!issue.ok) throw new UsageError(`--learn-from file '${path}', item ${index}: ${issue.error}`);
    if (labels.has(issue.value.id)) throw new UsageError(`--learn-from file '${path}': issue ${issue.value.key} is labelled twice`);
    labels.set(issue.value.id, entry.category);
    return { id: issue.value.id, issue: issue.value, category: entry.category };
  });
  return { team: teamModel(learnFromExamples(examples, (issue) => readIssue(issue, config))), labels };
}

function runClassify(args: string[], io: Io): void {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    tokens: true,
    options: { config: { type: 'string' }, 'points-field': { type: 'string' }, 'learn-from': { type: 'string' } },
  });
  refuseRepeats(tokens);
  const file = single(positionals);
  const { issues, config, source } = load(file, values.config, values['points-field'], io);
  const learned = values['learn-from'] === undefined ? null : learnFrom(values['learn-from'], config, source, io);
  const decisions: Decisions = learned
    ? { ...NO_DECISIONS, overrides: new Map([...learned.labels].map(([id, category]) => [id, { category }])), team: learned.team.examples > 0 ? learned.team : null }
    : NO_DECISIONS;
  const out = classifyBatch(issues, config, decisions).map(({ issue, classification: c }) => ({
    key: issue.key,
    category: c.category,
    confidence: c.confidence,
    source: c.source,
    unsure: c.unsure,
    reasons: c.reasons,
  }));
  io.stdout(JSON.stringify(out, null, 2) + '\n');
}

function runCapacity(args: string[], io: Io): void {
  const { values, positionals, tokens } = parseArgs({
    args,
    allowPositionals: true,
    tokens: true,
    options: {
      config: { type: 'string' },
      'points-field': { type: 'string' },
      min: { type: 'string' },
      max: { type: 'string' },
      capacity: { type: 'string' },
    },
  });
  refuseRepeats(tokens);
  const file = single(positionals);
  const min = shareFlag(values.min, 'min');
  const max = shareFlag(values.max, 'max');
  const capacity = numberFlag(values.capacity, 'capacity');
  if (capacity !== undefined && capacity <= 0) throw new UsageError(`--capacity must be greater than 0, got ${capacity}`);
  const { issues, config, source } = load(file, values.config, values['points-field'], io);
  const band = bandSchema.safeParse({ min: min ?? config.band.min, max: max ?? config.band.max });
  if (!band.success) throw new UsageError(`invalid band: ${describeIssues(band.error.issues)}`);
  if (source.kind === 'none' && issues.length > 0) {
    io.stderr('ktlo: no story points field found in the response\'s "names"; every issue counts as unestimated (pass --points-field)\n');
  }
  // An export is one sprint's issues without the sprint around them: no board, dates, history or stored decisions.
  const { view } = measureSprint({
    board: { id: 0, name: file, type: 'scrum' },
    sprint: { id: 0, name: file, state: 'active', startDate: null, endDate: null, completeDate: null },
    issues,
    decisions: NO_DECISIONS,
    joinedAt: null,
    config: { ...config, band: band.data, teamCapacity: capacity ?? config.teamCapacity },
    unit: estimateUnit(source),
    history: [],
  });
  const { ktloPoints, projectPoints, totalPoints, unestimated, ktloShare, status, reserved, projectRoom, lowConfidence } = view;
  const out = { ktloPoints, projectPoints, totalPoints, unestimated, ktloShare, status, band: view.band, reserved, projectRoom, lowConfidence };
  io.stdout(JSON.stringify(out, null, 2) + '\n');
}

/** A flag given twice is refused: parseArgs alone would keep the last one without a word. */
function refuseRepeats(tokens: ReadonlyArray<{ kind: string; name?: string; rawName?: string }>): void {
  const seen = new Set<string>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    if (seen.has(t.name)) throw new UsageError(`${t.rawName ?? `--${t.name}`} is given twice; give it once`);
    seen.add(t.name);
  }
}

function single(positionals: string[]): string {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(positionals.length === 0 ? 'missing input file (use - for stdin)' : `expected one input file, got ${positionals.length}`);
  }
  return positionals[0];
}

/** Runs the CLI and returns the exit code: 0 done, 2 bad input or usage. */
export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'classify') runClassify(rest, io);
    else if (command === 'capacity') runCapacity(joinNegativeValues(rest), io);
    else if (command === '--help' || command === '-h' || command === 'help') io.stdout(USAGE + '\n');
    else throw new UsageError(command === undefined ? 'missing command' : `unknown command '${command}'`);
    return 0;
  } catch (e) {
    // parseArgs reports unknown or malformed flags with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const isArgError = e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');
    if (e instanceof UsageError || isArgError) {
      io.stderr(`ktlo: ${e.message.split('\n')[0] ?? ''} (ktlo --help for usage)\n`);
      return 2;
    }
    throw e;
  }
}


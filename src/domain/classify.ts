import type { Category, Classification } from './category';
import type { EffectiveConfig, Rules } from './config';
import { reportsFault as faultIn } from './intent';
import type { NormalizedIssue, ParentRef } from './issue';
import { compileModel, doubled, evidenceKey, extractFeatures, featureEvidence as evidenceOf, FeatureList, featureHash, featureName, holdFirm, isFieldFeature, isTypeFeature, pushRuleFeature, ruleFeatureHash, type ModelWeights, type WeightTable } from './model';
import { DEFAULT_MODEL } from './model-weights';
import { compileTeamModel, type NeighbourVote, type TeamModel } from './team-model';
import { HashFilter, hashStem, tokenize, TokenBuffer } from './text';

/**
 * KTLO or project work, and why.
 *
 * One formula decides, strongest terms first:
 *   1. override: a team member's stored override, or an explicit-category label (`ktlo`, `project-work`, ...): that
 *      category, confidence 1. Nothing below can outvote it.
 *   2. parent: a sub-task follows its parent; a child of an epic follows the epic when the epic's category is explicit or
 *      the epic's own decision is sure of it (confidence >= rules.epicFollowConfidence), as with standing "BAU" epics,
 *      and when the epic is not unsure (confidence >= lowConfidenceThreshold) unless the child's summary reports a fault
 *      of its own: an epic's steps are its kind of work ("retire the old cluster" in a migration), a bug or an incident
 *      filed under it is upkeep.
 *   3. otherwise the logit toward KTLO
 *        z = b + rho * (K - P) + sum_f w_f + sum_f delta_f + v
 *      with K and P the summed weights of the rules that match (phrases and recurrence words from the summary, from the
 *      description at `descriptionFactor`, issue type, labels, components, a large estimate; each rule counts once, at
 *      its strongest match), b, rho and w_f the shipped model (model.ts, model-weights.json) over the issue's features,
 *      and delta_f what this site's team taught it through overrides, plus the vote of the team's labelled issues most
 *      like this one, v = a * sum_e sign_e * cos(issue, e) (team-model.ts). Firm rules: when the rules' margin
 *      without the type's nudge reaches the model's `firm` (|K - P| >= firm) and b + rho * (K - P) + sum_f w_f would turn
 *      it, that part holds at the rules' side with confidence 0.5 (unsure: the words disagree, a person should say)
 *      before the team's terms are added: the team's own learning may still turn it. KTLO when z > 0, project work when
 *      z < 0, the default category at exactly 0; confidence = 1 / (1 + e^-|z|), rounded to 2 places, at most 0.99.
 *      Below `lowConfidenceThreshold` the decision is unsure: the category is only its leaning and a person should say.
 *   4. default: when nothing but the issue type speaks (no rule beyond the type's nudge, no model or team feature beyond
 *      the type), the configured default category, confidence 0.5, unsure: the type alone never decides.
 * Reasons list the rules that matched and the strongest model and team features, each way, in words.
 */

export type ClassifyConfig = Pick<EffectiveConfig, 'rules' | 'explicitLabels' | 'defaultCategory' | 'lowConfidenceThreshold'> & {
  /** The learned model; the shipped one (model-weights.json) when absent. */
  model?: ModelWeights;
  /** What this site's team taught the app through its overrides and explicit labels (team-model.ts). */
  team?: TeamModel | null;
};

export interface OverrideInput {
  category: Category;
}

/** A rule term as written, before it joins the `TermTable`. */
interface Term {
  /** Folded words per segment ("a ... b" has two). */
  segments: string[][];
  group: number;
  text: string;
  span: number;
}

interface Group {
  id: string;
  /** Hash of the group's model feature (`r:<id>`). */
  feature: number;
  category: Category;
  weight: number;
  reason: string;
}

interface NameRule {
  name: string;
  category: Category;
  weight: number;
}

interface Compiled {
  groups: Group[];
  recurrence: number;
  terms: TermTable;
  /** Weight and category of each group, beside `groups`, for the scan. */
  weights: Float64Array;
  ktlo: Uint8Array;
  issueTypes: Map<string, NameRule & { feature: number }>;
  labels: Map<string, NameRule & { feature: number }>;
  components: Map<string, NameRule & { feature: number }>;
  hits: GroupHits;
  /** Reason of each group, for the model's evidence about a rule. */
  reasons: string[];
}

const GAP = '...';
// A gap term "a ... b" lets at most this many words stand between its parts.
const MAX_GAP = 5;
// A recurrence word qualifies a KTLO phrase that follows within this many words ("monthly security patching").
const RECURRENCE_REACH = 2;

const SUMMARY = 0;
const DESCRIPTION = 1;

/** Best match per rule group for the issue being classified: the strongest field wins, the summary on ties. */
class GroupHits {
  readonly weight: Float64Array;
  readonly field: Int8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Start of a recurrence word merged into this group's quote, or -1. */
  readonly comboStart: Int32Array;
  /** The configured text of a gap term ("build ... portal"), quoted as written; null for a plain match. */
  readonly gapText: (string | null)[];
  constructor(size: number) {
    this.weight = new Float64Array(size);
    this.field = new Int8Array(size);
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.comboStart = new Int32Array(size);
    this.gapText = new Array<string | null>(size).fill(null);
  }
  reset(): void {
    this.weight.fill(0);
    this.comboStart.fill(-1);
  }
}

// Numbers per slot of a TermTable: hash, first term, end term (and one to spare, so a slot never straddles two cache lines).
const SLOT = 4;

/**
 * Every term of the rules in flat arrays, the scan's one lookup per candidate word: by the hash of its first word, an
 * open-addressing table gives the terms starting with it, longest first; each term's segments and words sit side by
 * side in typed arrays, so matching reads a few neighbouring numbers instead of following objects.
 */
class TermTable {
  /** The first-word hashes, for the tokenizer to mark candidate words: most words start no term. */
  readonly filter = new HashFilter();
  private readonly mask: number;
  /**
   * Per slot, side by side so a probe reads one place: the first-word hash, and the terms starting with it, from the
   * second number to the third (exclusive), which is 0 for an empty slot.
   */
  private readonly slots: Int32Array;
  /** Per term: its group, its segments `segments[segmentFrom[t], segmentFrom[t + 1])`, its text (quoted for a gap term). */
  readonly group: Int32Array;
  readonly segmentFrom: Int32Array;
  readonly text: string[];
  /** Per segment: its words `words[wordFrom[s], wordFrom[s + 1])`. */
  readonly wordFrom: Int32Array;
  /** Per word: its hash and its folded form (a hash hit is confirmed on the words themselves). */
  readonly wordHash: Int32Array;
  readonly words: string[];

  constructor(byFirst: ReadonlyMap<number, Term[]>) {
    let size = 16;
    while (size < byFirst.size * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * SLOT);
    const terms = [...byFirst.values()].flat();
    const segments = terms.flatMap((t) => t.segments);
    this.group = Int32Array.from(terms, (t) => t.group);
    this.text = terms.map((t) => t.text);
    this.segmentFrom = new Int32Array(terms.length + 1);
    terms.forEach((t, i) => (this.segmentFrom[i + 1] = (this.segmentFrom[i] ?? 0) + t.segments.length));
    this.wordFrom = new Int32Array(segments.length + 1);
    segments.forEach((seg, i) => (this.wordFrom[i + 1] = (this.wordFrom[i] ?? 0) + seg.length));
    this.words = segments.flat();
    this.wordHash = Int32Array.from(this.words, hashStem);
    let next = 0;
    for (const [hash, list] of byFirst) {
      let at = hash & this.mask;
      while ((this.slots[at * SLOT + 2] ?? 0) !== 0) at = (at + 1) & this.mask;
      this.filter.add(hash);
      this.slots[at * SLOT] = hash;
      this.slots[at * SLOT + 1] = next;
      next += list.length;
      this.slots[at * SLOT + 2] = next;
    }
  }

  /** The slot of the terms starting with a word of hash `hash`, or -1. */
  slot(hash: number): number {
    let at = hash & this.mask;
    while ((this.slots[at * SLOT + 2] ?? 0) !== 0) {
      if (this.slots[at * SLOT] === hash) return at;
      at = (at + 1) & this.mask;
    }
    return -1;
  }

  /** The first of the terms in slot `slot`. */
  firstTerm(slot: number): number {
    return this.slots[slot * SLOT + 1] ?? 0;
  }

  /** The end (exclusive) of the terms in slot `slot`. */
  endTerm(slot: number): number {
    return this.slots[slot * SLOT + 2] ?? 0;
  }

  /** Whether segment `seg` sits at word `at` of `buf`; hashes first, then the words themselves, so a hash collision never matches. */
  segmentAt(buf: TokenBuffer, seg: number, at: number): boolean {
    const from = this.wordFrom[seg] ?? 0;
    const to = this.wordFrom[seg + 1] ?? 0;
    if (at + to - from > buf.count) return false;
    for (let k = from; k < to; k++) if (buf.hash[at + k - from] !== this.wordHash[k]) return false;
    for (let k = from; k < to; k++) if (!buf.foldsTo(at + k - from, this.words[k] ?? '')) return false;
    return true;
  }

  /** Word count of segment `seg`. */
  length(seg: number): number {
    return (this.wordFrom[seg + 1] ?? 0) - (this.wordFrom[seg] ?? 0);
  }

  /** End word index (exclusive) of term `t` matched at word `i` of `buf`, or -1. */
  matchAt(t: number, buf: TokenBuffer, i: number): number {
    const first = this.segmentFrom[t] ?? 0;
    const last = this.segmentFrom[t + 1] ?? 0;
    if (!this.segmentAt(buf, first, i)) return -1;
    let end = i + this.length(first);
    for (let seg = first + 1; seg < last; seg++) {
      let found = -1;
      for (let j = end; j <= end + MAX_GAP && j < buf.count; j++) {
        if (this.segmentAt(buf, seg, j)) {
          found = j;
          break;
        }
      }
      if (found < 0) return -1;
      end = found + this.length(seg);
    }
    return end;
  }
}

const compiledCache = new WeakMap<Rules, Compiled>();

function compileTerm(text: string, group: number): Term | null {
  const segments = text
    .split(GAP)
    .map((part) => tokenize(part).stems)
    .filter((seg) => seg.length > 0);
  if (segments.length === 0) return null;
  return { segments, group, text, span: segments.reduce((n, seg) => n + seg.length, 0) };
}

function longestFirst(a: Term, b: Term): number {
  return b.span - a.span;
}

/** Name rules by lower-cased name, each with the hash of the model feature that weighs the same field (`t:bug`). */
function byName(rules: readonly NameRule[], prefix: 't' | 'l' | 'c'): Map<string, NameRule & { feature: number }> {
  return new Map(rules.map((r) => [r.name.toLowerCase(), { ...r, feature: featureHash(`${prefix}:${r.name.toLowerCase()}`) ?? 0 }]));
}

const LARGE_FEATURE = featureHash('s:large') ?? 0;

function compile(rules: Rules): Compiled {
  const cached = compiledCache.get(rules);
  if (cached) return cached;
  const groups: Group[] = rules.phrases.map((p) => ({ id: p.id, feature: ruleFeatureHash(p.id), category: p.category, weight: p.weight, reason: p.reason }));
  const recurrence = groups.length;
  groups.push({ id: 'recurrence', feature: ruleFeatureHash('recurrence'), category: 'KTLO', weight: rules.recurrence.weight, reason: 'recurring work' });
  const byFirst = new Map<number, Term[]>();
  const add = (text: string, group: number): void => {
    const term = compileTerm(text, group);
    const word = term?.segments[0]?.[0];
    if (!term || word === undefined) return;
    const first = hashStem(word);
    const list = byFirst.get(first) ?? [];
    list.push(term);
    byFirst.set(first, list);
  };
  rules.phrases.forEach((p, g) => p.terms.forEach((t) => add(t, g)));
  rules.recurrence.terms.forEach((t) => add(t, recurrence));
  // Longest term first: "minor version" wins over "minor", "build ... portal" over "build".
  for (const list of byFirst.values()) list.sort(longestFirst);
  const compiled: Compiled = {
    groups,
    recurrence,
    terms: new TermTable(byFirst),
    weights: Float64Array.from(groups, (g) => g.weight),
    ktlo: Uint8Array.from(groups, (g) => (g.category === 'KTLO' ? 1 : 0)),
    issueTypes: byName(rules.issueTypes, 't'),
    labels: byName(rules.labels, 'l'),
    components: byName(rules.components, 'c'),
    hits: new GroupHits(groups.length),
    reasons: groups.map((g) => g.reason),
  };
  compiledCache.set(rules, compiled);
  return compiled;
}

/**
 * The evidence of the issue being classified, strongest reasons first once sorted: the rules' signals (each with the
 * weight it adds to K or P), then the model's and the team's features, in parallel arrays reused from one issue to
 * the next (classification is synchronous: never shared between two calls).
 */
class EvidenceList {
  count = 0;
  /** Of the first `signals` entries, the rules' signals: */
  signals = 0;
  ktlo = new Uint8Array(64);
  weight = new Float64Array(64);
  /** The issue type's nudge: never evidence enough on its own. */
  isType = new Uint8Array(64);
  /** Hash of the model feature that weighs the same evidence (`r:<rule>`, `t:`, `l:`, `c:`, `s:large`): one reason for both. */
  feature = new Int32Array(64);
  /** Its share of the logit, once scored (rho * weight, plus the model's weight of the same feature). */
  logit = new Float64Array(64);
  /** For a model or team feature, which reading it is (model.ts `evidenceKey`): a word and its prefix read alike. -1 otherwise. */
  key = new Int32Array(64);
  reason: string[] = [];
  /** Entry indexes, sorted by their logit toward the decision. */
  order = new Int32Array(64);

  reset(): void {
    this.count = 0;
    this.signals = 0;
  }

  private grow(): void {
    this.ktlo = doubled(this.ktlo, (n) => new Uint8Array(n));
    this.weight = doubled(this.weight, (n) => new Float64Array(n));
    this.isType = doubled(this.isType, (n) => new Uint8Array(n));
    this.feature = doubled(this.feature, (n) => new Int32Array(n));
    this.logit = doubled(this.logit, (n) => new Float64Array(n));
    this.key = doubled(this.key, (n) => new Int32Array(n));
    this.order = doubled(this.order, (n) => new Int32Array(n));
  }

  /** A rule's signal (while reading the rules). */
  signal(category: Category, weight: number, reason: string, isType: boolean, feature: number): void {
    this.add(reason, 0, -1);
    const at = this.count - 1;
    this.ktlo[at] = category === 'KTLO' ? 1 : 0;
    this.weight[at] = weight;
    this.isType[at] = isType ? 1 : 0;
    this.feature[at] = feature;
    this.signals = this.count;
  }

  add(reason: string, logit: number, key: number): void {
    if (this.count === this.logit.length) this.grow();
    const at = this.count++;
    this.reason[at] = reason;
    this.logit[at] = logit;
    this.key[at] = key;
    this.feature[at] = 0;
  }

  /** Sorts `order` by logit toward `sign` (+1 KTLO, -1 project work), strongest first; equal ones keep their order. */
  sort(sign: number): void {
    const order = this.order;
    const logit = this.logit;
    for (let i = 0; i < this.count; i++) {
      const v = (logit[i] ?? 0) * sign;
      let j = i;
      while (j > 0 && (logit[order[j - 1] ?? 0] ?? 0) * sign < v) {
        order[j] = order[j - 1] ?? 0;
        j--;
      }
      order[j] = i;
    }
  }
}

// One scratch buffer per field: classification is synchronous, so they are never shared between two calls.
const buffers = [new TokenBuffer(), new TokenBuffer()] as const;

function scan(field: typeof SUMMARY | typeof DESCRIPTION, text: string, c: Compiled, factor: number): void {
  const buf = buffers[field];
  const terms = c.terms;
  // Always read: the model reads the same words, even where the rules give descriptions no weight.
  buf.scan(text, terms.filter);
  if (factor <= 0) return;
  const hits = c.hits;
  let recurrenceStart = -1;
  let recurrenceEnd = -1;
  // Words up to `next` belong to the last match ("minor version" is not read again as "version").
  let next = 0;
  for (let ci = 0; ci < buf.candidateCount; ci++) {
    const i = buf.candidates[ci] ?? 0;
    if (i < next) continue;
    const slot = terms.slot(buf.hash[i] ?? 0);
    if (slot < 0) continue;
    let best = -1;
    let bestEnd = -1;
    for (let t = terms.firstTerm(slot), to = terms.endTerm(slot); t < to; t++) {
      const end = terms.matchAt(t, buf, i);
      if (end > 0) {
        best = t;
        bestEnd = end;
        break;
      }
    }
    if (best < 0) continue;
    const g = terms.group[best] ?? 0;
    const first = terms.segmentFrom[best] ?? 0;
    const w = (c.weights[g] ?? 0) * factor;
    const isNewBest = w > (hits.weight[g] ?? 0);
    if (isNewBest) {
      hits.weight[g] = w;
      hits.field[g] = field;
      hits.start[g] = buf.start[i] ?? 0;
      hits.end[g] = buf.end[bestEnd - 1] ?? 0;
      hits.gapText[g] = (terms.segmentFrom[best + 1] ?? 0) - first > 1 ? (terms.text[best] ?? '') : null;
      hits.comboStart[g] = -1;
    }
    // "monthly" shortly before "patching": one reason reads "recurring maintenance: 'monthly security patching'".
    if (isNewBest && recurrenceStart >= 0 && i - recurrenceEnd <= RECURRENCE_REACH && c.ktlo[g] === 1 && g !== c.recurrence) {
      hits.comboStart[g] = buf.start[recurrenceStart] ?? 0;
      hits.comboStart[c.recurrence] = -2;
    }
    if (g === c.recurrence) {
      recurrenceStart = i;
      recurrenceEnd = bestEnd;
    }
    next = i + terms.length(first);
  }
}

function quoteOf(hits: GroupHits, g: number): string {
  const field = hits.field[g] === DESCRIPTION ? DESCRIPTION : SUMMARY;
  const combo = hits.comboStart[g] ?? -1;
  const gap = hits.gapText[g];
  const quoted = gap ?? buffers[field].slice(combo >= 0 ? combo : (hits.start[g] ?? 0), hits.end[g] ?? 0);
  return `'${quoted}'${field === DESCRIPTION ? ' in the description' : ''}`;
}

const evidence = new EvidenceList();

/** Reads the rules' signals of `issue` into `evidence`, with `c` the compiled `rules`. */
function ruleSignals(issue: NormalizedIssue, rules: Rules, c: Compiled): void {
  const hits = c.hits;
  hits.reset();
  scan(SUMMARY, issue.summary, c, 1);
  scan(DESCRIPTION, issue.description, c, rules.descriptionFactor);
  const signals = evidence;
  signals.reset();
  for (let g = 0; g < c.groups.length; g++) {
    const w = hits.weight[g] ?? 0;
    const group = c.groups[g];
    if (w <= 0 || !group) continue;
    const combo = hits.comboStart[g] ?? -1;
    // A recurrence word merged into another rule's reason still counts, without a reason of its own.
    const reason = combo === -2 ? '' : `${combo >= 0 ? 'recurring maintenance' : group.reason}: ${quoteOf(hits, g)}`;
    signals.signal(group.category, w, reason, false, group.feature);
  }
  const type = c.issueTypes.get(issue.issueType.toLowerCase());
  if (type && type.weight > 0) {
    signals.signal(type.category, type.weight, `issue type '${issue.issueType}' leans ${type.category === 'KTLO' ? 'KTLO' : 'to project work'}`, true, type.feature);
  }
  for (let i = 0; i < issue.labels.length; i++) {
    const label = issue.labels[i] ?? '';
    const rule = c.labels.get(label.toLowerCase());
    if (rule && rule.weight > 0) signals.signal(rule.category, rule.weight, `label '${label}'`, false, rule.feature);
  }
  for (let i = 0; i < issue.components.length; i++) {
    const component = issue.components[i] ?? '';
    const rule = c.components.get(component.toLowerCase());
    if (rule && rule.weight > 0) signals.signal(rule.category, rule.weight, `component '${component}'`, false, rule.feature);
  }
  if (issue.estimate !== null && rules.size.weight > 0) {
    const large =
      (issue.estimateUnit === 'points' && issue.estimate >= rules.size.largePoints) ||
      (issue.estimateUnit === 'hours' && issue.estimate >= rules.size.largeHours);
    if (large) {
      signals.signal('PROJECT', rules.size.weight, `large estimate (${issue.estimate} ${issue.estimateUnit}) leans to planned project work`, false, LARGE_FEATURE);
    }
  }
}

function categoryWords(category: Category): string {
  return category === 'KTLO' ? 'KTLO' : 'project work';
}

// Scratch space for the evidence of the issue being scored (synchronous: never shared between two calls).
const features = new FeatureList();
const MAX_HITS = 1024;
const hitFeature = new Int32Array(MAX_HITS);
const hitWeight = new Float64Array(MAX_HITS);
const hitTeam = new Uint8Array(MAX_HITS);
const hitTaken = new Uint8Array(MAX_HITS);
// Local bindings for the per-feature loops: an imported binding is a getter call in bundled code.
const typeFeature = isTypeFeature;
const fieldFeature = isFieldFeature;
const readFeatures = extractFeatures;
const pushRule = pushRuleFeature;
const describeHit = evidenceOf;
const keyOf = evidenceKey;

/**
 * The `into.length` strongest hits not taken in the direction `sign` (+1 KTLO, -1 project) into `into`, strongest
 * first and the earlier of equals first, in one pass over the hits; returns how many there are.
 */
function strongest(sign: number, hits: number, into: Int32Array): number {
  let n = 0;
  for (let h = 0; h < hits; h++) {
    const v = (hitWeight[h] ?? 0) * sign;
    if (hitTaken[h] !== 0 || v <= 0 || (n === into.length && v <= (hitWeight[into[n - 1] ?? 0] ?? 0) * sign)) continue;
    let at = n < into.length ? n++ : n - 1;
    while (at > 0 && (hitWeight[into[at - 1] ?? 0] ?? 0) * sign < v) {
      into[at] = into[at - 1] ?? 0;
      at--;
    }
    into[at] = h;
  }
  return n;
}

/** Scores `features` against `table`, recording hits from `hits` on; returns the new hit count. */
function score(table: WeightTable, team: number, hits: number): number {
  table.next();
  let n = hits;
  for (let k = 0; k < features.count; k++) {
    const slot = table.take(features.hash[k] ?? 0);
    if (slot < 0) continue;
    if (n < MAX_HITS) {
      hitFeature[n] = k;
      hitWeight[n] = table.weights[slot] ?? 0;
      hitTeam[n] = team;
      hitTaken[n] = 0;
      n++;
    }
  }
  return n;
}

function hitReason(h: number, lean: Category, issue: NormalizedIssue, config: ClassifyConfig, compiled: Compiled): string {
  const said = describeHit(features, hitFeature[h] ?? 0, issue, buffers[SUMMARY], buffers[DESCRIPTION], lean, compiled.reasons);
  return hitTeam[h] === 1 && config.team ? `learned from your team's ${config.team.examples} overrides: ${said}` : said;
}

const SHIPPED = compileModel(DEFAULT_MODEL);

// How many pieces of the model's and the team's evidence a decision lists, each way.
const LISTED_FOR = 3;
const LISTED_AGAINST = 1;
const listedFor = new Int32Array(LISTED_FOR);
const listedAgainst = new Int32Array(LISTED_AGAINST);

// What `read` found in the issue being classified, beside `evidence` and `features`.
let readMargin = 0;
/** The margin without the issue type's nudge: what may hold firm. */
let readFirmMargin = 0;
let readRuleEvidence = false;

/** Reads `issue`: the rules' signals into `evidence`, their margin (KTLO minus project weights) into `readMargin`, its features into `features`. */
function read(issue: NormalizedIssue, config: ClassifyConfig): Compiled {
  const c = compile(config.rules);
  ruleSignals(issue, config.rules, c);
  let margin = 0;
  let typeNudge = 0;
  let ruleEvidence = false;
  for (let i = 0; i < evidence.signals; i++) {
    const w = evidence.weight[i] ?? 0;
    const signed = evidence.ktlo[i] === 1 ? w : -w;
    margin += signed;
    if (evidence.isType[i] === 0) ruleEvidence = true;
    else typeNudge += signed;
  }
  readMargin = margin;
  readFirmMargin = margin - typeNudge;
  readRuleEvidence = ruleEvidence;
  readFeatures(issue, buffers[SUMMARY], buffers[DESCRIPTION], features);
  for (let g = 0; g < c.groups.length; g++) if ((c.hits.weight[g] ?? 0) > 0) pushRule(features, c.groups[g]?.feature ?? 0, g);
  return c;
}

export interface Reading {
  /** Feature names as the weights file names them, in order of appearance (repeats included). */
  features: string[];
  /** KTLO minus project weights of the rules. */
  ruleMargin: number;
  /** The model's probability of KTLO before any team learning. */
  pKtlo: number;
}

/** What the model reads in `issue`, by name: for training (dev/classifier) and for the team's learning (team-model.ts). */
export function readIssue(issue: NormalizedIssue, config: ClassifyConfig): Reading {
  const compiled = read(issue, config);
  const margin = readMargin;
  const ids = compiled.groups.map((g) => g.id);
  const model = compileModel(config.model ?? DEFAULT_MODEL);
  let logit = model.bias + model.rules * margin;
  const names: string[] = [];
  model.table.next();
  for (let k = 0; k < features.count; k++) {
    names.push(featureName(features, k, issue, buffers[SUMMARY], buffers[DESCRIPTION], ids));
    const slot = model.table.take(features.hash[k] ?? 0);
    if (slot >= 0) logit += model.table.weights[slot] ?? 0;
  }
  logit = holdFirm(logit, readFirmMargin, model);
  return { features: names, ruleMargin: margin, pKtlo: 1 / (1 + Math.exp(-logit)) };
}

/**
 * Compiles what classifying with `config` takes (its rules, model, team model and explicit labels) before the first
 * issue asks for it: a view does it while Jira's answers are on their way. Classifying compiles them anyway; doing it
 * first changes no decision.
 */
export function prepareClassifier(config: ClassifyConfig): void {
  compile(config.rules);
  explicitNames(config.explicitLabels);
  if (config.model) compileModel(config.model);
  if (config.team) compileTeamModel(config.team);
}

function fromEngine(issue: NormalizedIssue, config: ClassifyConfig): Classification {
  const compiled = read(issue, config);
  const margin = readMargin;
  const ruleEvidence = readRuleEvidence;
  const model = config.model ? compileModel(config.model) : SHIPPED;
  const team = config.team ? compileTeamModel(config.team) : null;
  let logit = model.bias + model.rules * margin;
  const modelHits = score(model.table, 0, 0);
  let featureEvidence = false;
  for (let h = 0; h < modelHits; h++) {
    logit += hitWeight[h] ?? 0;
    if (!typeFeature(features, hitFeature[h] ?? 0)) featureEvidence = true;
  }
  const unheld = logit;
  logit = holdFirm(logit, readFirmMargin, model);
  const held = logit !== unheld;
  const hits = team ? score(team.table, 1, modelHits) : modelHits;
  for (let h = modelHits; h < hits; h++) {
    logit += hitWeight[h] ?? 0;
    if (!typeFeature(features, hitFeature[h] ?? 0)) featureEvidence = true;
  }
  const vote = team ? team.vote.score(features) : 0;
  if (vote !== 0) {
    logit += vote;
    featureEvidence = true;
  }
  const unsureBelow = config.lowConfidenceThreshold;
  if (!ruleEvidence && !featureEvidence) {
    const type = issue.issueType === '' ? '' : `only its issue type '${issue.issueType}' speaks, and the type alone never decides`;
    const why = type !== '' ? type : 'nothing in it speaks for either kind of work';
    return {
      category: config.defaultCategory,
      confidence: 0.5,
      source: 'default',
      unsure: 0.5 < unsureBelow,
      reasons: [`unsure: ${why}; leaning to the default category (${categoryWords(config.defaultCategory)}) until someone sets it`],
    };
  }
  const category: Category = logit > 0 ? 'KTLO' : logit < 0 ? 'PROJECT' : config.defaultCategory;
  const sign = category === 'KTLO' ? 1 : -1;
  const confidence = Math.min(0.99, Math.round((1 / (1 + Math.exp(-Math.abs(logit)))) * 100) / 100);
  const signals = evidence.signals;
  for (let i = 0; i < signals; i++) evidence.logit[i] = model.rules * (evidence.ktlo[i] === 1 ? (evidence.weight[i] ?? 0) : -(evidence.weight[i] ?? 0));
  // A model feature that weighs a rule, type, label, component or size the rules already name joins that reason.
  for (let h = 0; h < hits; h++) {
    const k = hitFeature[h] ?? 0;
    if (hitTeam[h] !== 0 || !fieldFeature(features, k)) continue;
    const hash = features.hash[k] ?? 0;
    for (let at = 0; at < signals; at++) {
      if (evidence.feature[at] === hash) {
        evidence.logit[at] = (evidence.logit[at] ?? 0) + (hitWeight[h] ?? 0);
        hitTaken[h] = 1;
        break;
      }
    }
  }
  const other: Category = category === 'KTLO' ? 'PROJECT' : 'KTLO';
  const toward = strongest(sign, hits, listedFor);
  const listed = toward + strongest(-sign, hits, listedAgainst);
  for (let n = 0; n < listed; n++) {
    const isFor = n < toward;
    const lean = isFor ? category : other;
    const h = (isFor ? listedFor[n] : listedAgainst[n - toward]) ?? 0;
    // A word and its prefix read alike when they lean alike: one reason with both weights (a team's weight reads apart).
    const key = (keyOf(features, hitFeature[h] ?? 0) * 2 + (hitTeam[h] ?? 0)) * 2 + (isFor ? 0 : 1);
    let same = -1;
    for (let e = signals; e < evidence.count; e++) if (evidence.key[e] === key) same = e;
    if (same >= 0) evidence.logit[same] = (evidence.logit[same] ?? 0) + (hitWeight[h] ?? 0);
    else evidence.add(hitReason(h, lean, issue, config, compiled), hitWeight[h] ?? 0, key);
  }
  if (team && vote !== 0) evidence.add(neighbourReason(team.vote, vote > 0 ? 'KTLO' : 'PROJECT'), vote, -1);
  evidence.sort(sign);
  const reasons: string[] = [];
  const unsure = confidence < unsureBelow;
  if (unsure) {
    const why = held ? `the rules hold against the words, leaning to ${categoryWords(category)} as the rules say` : `the evidence is thin or balanced, leaning to ${categoryWords(category)}`;
    reasons.push(`unsure (confidence ${confidence.toFixed(2)}, below ${unsureBelow}): ${why}`);
  }
  for (let i = 0; i < evidence.count; i++) {
    const e = evidence.order[i] ?? 0;
    const reason = evidence.reason[e] ?? '';
    if ((evidence.logit[e] ?? 0) * sign > 0 && reason !== '') reasons.push(reason);
  }
  for (let i = 0; i < evidence.count; i++) {
    const e = evidence.order[i] ?? 0;
    const reason = evidence.reason[e] ?? '';
    if ((evidence.logit[e] ?? 0) * sign < 0 && reason !== '') reasons.push(`outweighed (${categoryWords(other)}): ${reason}`);
  }
  if (reasons.length === 0) reasons.push(`its words balance: leaning to ${categoryWords(category)}`);
  return { category, confidence, source: 'rules', unsure, reasons };
}

/**
 * "like 2 issues your team set to KTLO": how many voters of `vote` lean `lean`. Never their keys: the reader may not be
 * allowed to browse the issues the team labelled.
 */
function neighbourReason(vote: NeighbourVote, lean: Category): string {
  let n = 0;
  for (let t = 0; t < vote.topCount; t++) if (vote.cases[vote.top[t] ?? 0]?.category === lean) n++;
  return `like ${n === 1 ? 'an issue' : `${n} issues`} your team set to ${categoryWords(lean)}`;
}

const EXPLICIT_KTLO = 1;
const EXPLICIT_PROJECT = 2;
const explicitCache = new WeakMap<ClassifyConfig['explicitLabels'], Map<string, number>>();

/** Lower-cased explicit label -> the categories it names (EXPLICIT_KTLO | EXPLICIT_PROJECT), once per settings. */
function explicitNames(labels: ClassifyConfig['explicitLabels']): Map<string, number> {
  const cached = explicitCache.get(labels);
  if (cached) return cached;
  const names = new Map<string, number>();
  for (const x of labels.KTLO) names.set(x.toLowerCase(), (names.get(x.toLowerCase()) ?? 0) | EXPLICIT_KTLO);
  for (const x of labels.PROJECT) names.set(x.toLowerCase(), (names.get(x.toLowerCase()) ?? 0) | EXPLICIT_PROJECT);
  explicitCache.set(labels, names);
  return names;
}

function explicitLabel(labels: readonly string[], config: ClassifyConfig): Classification | null {
  if (labels.length === 0) return null;
  const names = explicitNames(config.explicitLabels);
  let ktlo: string | null = null;
  let project: string | null = null;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? '';
    const named = names.get(label.toLowerCase()) ?? 0;
    if (ktlo === null && (named & EXPLICIT_KTLO) !== 0) ktlo = label;
    if (project === null && (named & EXPLICIT_PROJECT) !== 0) project = label;
  }
  // Contradicting labels say nothing: fall through to the parent and the rules.
  if ((ktlo === null) === (project === null)) return null;
  const category: Category = ktlo !== null ? 'KTLO' : 'PROJECT';
  return { category, confidence: 1, source: 'override', unsure: false, reasons: [`explicit label '${ktlo ?? project ?? ''}'`] };
}

function parentAsIssue(parent: ParentRef): NormalizedIssue {
  return {
    id: parent.key,
    key: parent.key,
    summary: parent.summary,
    description: '',
    // Every epic is an epic: its type says nothing about what its children are, only its words and labels do.
    issueType: parent.isEpic ? '' : parent.issueType,
    isSubtask: false,
    hierarchyLevel: parent.isEpic ? 1 : 0,
    labels: parent.labels,
    components: [],
    priority: null,
    statusCategory: null,
    projectKey: null,
    parent: null,
    created: null,
    resolutionDate: null,
    estimate: null,
    estimateUnit: 'points',
  };
}

// Following a parent is an inference, never as sure as a person's own say on this issue.
const MAX_INHERITED_CONFIDENCE = 0.95;

/**
 * Whether a child of an epic follows the epic's decision: always when the epic's category is explicit or the epic is
 * sure of it (confidence >= rules.epicFollowConfidence); when the epic is only not unsure, unless the child's summary
 * reports a fault of its own (a bug or an incident filed under the epic is upkeep, the epic's other steps are its work).
 */
function followsEpic(issue: NormalizedIssue, decision: Classification, config: ClassifyConfig): boolean {
  if (decision.source === 'override' || decision.confidence >= config.rules.epicFollowConfidence) return true;
  if (decision.unsure) return false;
  const summary = buffers[SUMMARY];
  summary.scan(issue.summary);
  return !faultIn(summary);
}

function fromParent(issue: NormalizedIssue, config: ClassifyConfig): Classification | null {
  const parent = issue.parent;
  if (!parent || !(issue.isSubtask || parent.isEpic)) return null;
  const decision: Classification =
    parent.known !== undefined
      ? { ...parent.known, unsure: parent.known.confidence < config.lowConfidenceThreshold, reasons: [] }
      : explicitLabel(parent.labels, config) ?? fromEngine(parentAsIssue(parent), config);
  const follows = issue.isSubtask ? decision.source !== 'default' : followsEpic(issue, decision, config);
  if (!follows) return null;
  const kind = issue.isSubtask ? 'parent' : 'epic';
  return {
    category: decision.category,
    confidence: Math.min(MAX_INHERITED_CONFIDENCE, decision.confidence),
    source: 'parent',
    unsure: decision.unsure,
    reasons: [`follows its ${kind} ${parent.key} '${parent.summary}' (${categoryWords(decision.category)})`, ...decision.reasons.slice(0, 2).map((r) => `${kind}: ${r}`)],
  };
}

/** Classify one issue. Total and deterministic: the same issue and config always give the same answer. */
export function classify(issue: NormalizedIssue, config: ClassifyConfig, override?: OverrideInput | null): Classification {
  if (override) {
    return { category: override.category, confidence: 1, source: 'override', unsure: false, reasons: [`set to ${categoryWords(override.category)} by a team member's override`] };
  }
  return explicitLabel(issue.labels, config) ?? fromParent(issue, config) ?? fromEngine(issue, config);
}

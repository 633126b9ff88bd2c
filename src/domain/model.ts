import { z } from 'zod';
import type { Category } from './category';
import type { NormalizedIssue } from './issue';
import { INTENT_FEATURES, intentBits, isScopeDependent } from './intent';
import { hashStem, stem, TokenBuffer } from './text';

/**
 * The learned part of the classifier: a linear model (logistic regression) over the issue's features, trained by
 * `npm run train` (dev/classifier/train.ts) and shipped as data (`model-weights.json`: feature names and numbers).
 *
 * Features, each 0 or 1 per issue, named as in the weights file:
 *   `w:<word>` a word of the summary, `b:<word> <word>` two neighbouring summary words (`b:^ <word>` the first word:
 *   conventional prefixes such as "fix:", "feat:", "chore:"), `p:<letters>` the first PREFIX_LETTERS letters of a
 *   longer summary word (word forms share evidence), `d:<word>` a word of the first DESCRIPTION_WORDS of the
 *   description (words folded to their singular, as the rules fold them); `t:<type>`, `l:<label>`, `c:<component>`
 *   the fields, `k:<word>` a word of a label (trackers spell one label "bug", "kind/bug" or "type: bug"); `s:large` / `s:small` the estimate; `i:<intent>` the intent and scope features of intent.ts;
 *   `r:<rule id>` a rule of the settings that matched (how far each rule is to be trusted, beside the rules' margin).
 *   Words whose kind depends on scope ("migrate", "upgrade") are no features of their own.
 * Scoring reads the hashes the rules' scan already computed: no substrings, one table lookup per feature.
 */

export const DESCRIPTION_WORDS = 20;

const KIND_WORD = 0;
const KIND_PAIR = 1;
const KIND_DESCRIPTION = 2;
const KIND_TYPE = 3;
const KIND_LABEL = 4;
const KIND_COMPONENT = 5;
const KIND_INTENT = 6;
const KIND_SIZE = 7;
const KIND_RULE = 8;
const KIND_PREFIX = 9;
const KIND_LABEL_WORD = 10;
// A label-word feature's ref: label index * LABEL_WORDS + word index.
const LABEL_WORDS = 16;
/** Word prefixes of this many letters: "deploy", "deployment" and "deploying" share one. */
export const PREFIX_LETTERS = 5;

const PREFIX = ['w', 'b', 'd', 't', 'l', 'c', 'i', 's', 'r', 'p', 'k'] as const;
const SEEDS = PREFIX.map((p) => hashStem(`#${p}`));
const SMALL = 0x3fffffff;

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ b, 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) & SMALL;
}

// The word before the first: "b:^ fix" is a summary that starts with "fix".
const START = hashStem('^');
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function seed(kind: number): number {
  return SEEDS[kind] ?? 0;
}

/** The hash a feature name stands for, as the extraction computes it from the text. */
export function featureHash(name: string): number | null {
  const colon = name.indexOf(':');
  const kind = PREFIX.indexOf(name.slice(0, colon) as (typeof PREFIX)[number]);
  const rest = name.slice(colon + 1);
  if (colon < 1 || kind < 0 || rest === '') return null;
  if (kind === KIND_PAIR) {
    const [first, second, ...more] = rest.split(' ');
    if (first === undefined || second === undefined || more.length > 0) return null;
    return mix(mix(seed(kind), hashStem(first)), hashStem(second));
  }
  return mix(seed(kind), hashStem(rest));
}

/** Large and small estimates, in the issue's unit. */
const LARGE = { points: 13, hours: 40, issues: Infinity } as const;
const SMALL_ESTIMATE = { points: 2, hours: 4, issues: -Infinity } as const;

/** A typed array twice as long as `a`, starting with its contents: scratch arrays grow when an issue needs more room. */
export function doubled<T extends Int8Array | Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/** Features of one issue: hash, kind and where it came from (a word index, a label index, an intent index). */
export class FeatureList {
  count = 0;
  hash = new Int32Array(512);
  kind = new Int8Array(512);
  ref = new Int32Array(512);

  reset(): void {
    this.count = 0;
  }

  push(hash: number, kind: number, ref: number): void {
    if (this.count === this.hash.length) {
      this.hash = doubled(this.hash, (n) => new Int32Array(n));
      this.kind = doubled(this.kind, (n) => new Int8Array(n));
      this.ref = doubled(this.ref, (n) => new Int32Array(n));
    }
    this.hash[this.count] = hash;
    this.kind[this.count] = kind;
    this.ref[this.count] = ref;
    this.count++;
  }
}

/** Reads the features of `issue` into `out`, from the summary and description already scanned into the buffers. */
export function extractFeatures(issue: NormalizedIssue, summary: TokenBuffer, description: TokenBuffer, out: FeatureList): void {
  out.reset();
  const sh = summary.hash;
  let previous = START;
  for (let i = 0; i < summary.count; i++) {
    const h = sh[i] ?? 0;
    if (scopeDependent(h)) {
      previous = -1;
      continue;
    }
    out.push(mix(seed(KIND_WORD), h), KIND_WORD, i);
    if (previous !== -1) out.push(mix(mix(seed(KIND_PAIR), previous), h), KIND_PAIR, i);
    previous = h;
    const start = summary.start[i] ?? 0;
    if ((summary.end[i] ?? 0) - start > PREFIX_LETTERS) {
      let p = FNV_OFFSET;
      for (let k = start; k < start + PREFIX_LETTERS; k++) p = Math.imul(p ^ summary.code(k), FNV_PRIME);
      out.push(mix(seed(KIND_PREFIX), p & SMALL), KIND_PREFIX, i);
    }
  }
  const dh = description.hash;
  const dn = Math.min(description.count, DESCRIPTION_WORDS);
  for (let i = 0; i < dn; i++) {
    const h = dh[i] ?? 0;
    if (!scopeDependent(h)) out.push(mix(seed(KIND_DESCRIPTION), h), KIND_DESCRIPTION, i);
  }
  if (issue.issueType !== '') out.push(mix(seed(KIND_TYPE), hashOf(issue.issueType.toLowerCase())), KIND_TYPE, 0);
  for (let i = 0; i < issue.labels.length; i++) {
    const label = issue.labels[i] ?? '';
    out.push(mix(seed(KIND_LABEL), hashOf(label.toLowerCase())), KIND_LABEL, i);
    labelBuffer.scan(label);
    for (let w = 0; w < Math.min(labelBuffer.count, LABEL_WORDS); w++) out.push(mix(seed(KIND_LABEL_WORD), labelBuffer.hash[w] ?? 0), KIND_LABEL_WORD, i * LABEL_WORDS + w);
  }
  for (let i = 0; i < issue.components.length; i++) out.push(mix(seed(KIND_COMPONENT), hashOf((issue.components[i] ?? '').toLowerCase())), KIND_COMPONENT, i);
  const s = readIntent(summary, summary.count);
  const d = readIntent(description, dn);
  for (let i = 0; i < INTENT_TESTS.length; i++) if (INTENT_TESTS[i]?.(s, d)) out.push(INTENT_HASHES[i] ?? 0, KIND_INTENT, i);
  if (issue.estimate !== null) {
    if (issue.estimate >= LARGE[issue.estimateUnit]) out.push(SIZE_HASHES[0], KIND_SIZE, 0);
    else if (issue.estimate <= SMALL_ESTIMATE[issue.estimateUnit]) out.push(SIZE_HASHES[1], KIND_SIZE, 1);
  }
}

const INTENT_HASHES = INTENT_FEATURES.map((f) => mix(seed(KIND_INTENT), hashStem(f.name)));
// Local bindings: the hot loop reads these once per word, and an imported binding is a getter call in bundled code.
const INTENT_TESTS = INTENT_FEATURES.map((f) => f.test);
const scopeDependent = isScopeDependent;
const hashOf = hashStem;
const readIntent = intentBits;
const SIZE_NAMES = ['large', 'small'] as const;
const SIZE_HASHES = [mix(seed(KIND_SIZE), hashStem('large')), mix(seed(KIND_SIZE), hashStem('small'))] as const;

// Scratch buffer for the words of one label at a time (classification is synchronous).
const labelBuffer = new TokenBuffer();

function labelWord(issue: NormalizedIssue, ref: number): string {
  labelBuffer.scan(issue.labels[Math.floor(ref / LABEL_WORDS)] ?? '');
  return labelBuffer.word(ref % LABEL_WORDS);
}

/** The feature of rule `id` matching (pushed by classify.ts, which runs the rules). */
export function ruleFeatureHash(id: string): number {
  return mix(seed(KIND_RULE), hashStem(id));
}

export function pushRuleFeature(out: FeatureList, hash: number, group: number): void {
  out.push(hash, KIND_RULE, group);
}

/** The name of feature `k` of `list` (as the weights file names it), for training and for the team's learning. */
export function featureName(list: FeatureList, k: number, issue: NormalizedIssue, summary: TokenBuffer, description: TokenBuffer, ruleIds: readonly string[]): string {
  const ref = list.ref[k] ?? 0;
  switch (list.kind[k]) {
    case KIND_WORD:
      return `w:${stem(summary.word(ref))}`;
    case KIND_PAIR:
      return `b:${ref === 0 ? '^' : stem(summary.word(ref - 1))} ${stem(summary.word(ref))}`;
    case KIND_PREFIX:
      return `p:${summary.word(ref).slice(0, PREFIX_LETTERS)}`;
    case KIND_DESCRIPTION:
      return `d:${stem(description.word(ref))}`;
    case KIND_TYPE:
      return `t:${issue.issueType.toLowerCase()}`;
    case KIND_LABEL:
      return `l:${(issue.labels[ref] ?? '').toLowerCase()}`;
    case KIND_COMPONENT:
      return `c:${(issue.components[ref] ?? '').toLowerCase()}`;
    case KIND_INTENT:
      return `i:${INTENT_FEATURES[ref]?.name ?? ''}`;
    case KIND_RULE:
      return `r:${ruleIds[ref] ?? ''}`;
    case KIND_LABEL_WORD:
      return `k:${stem(labelWord(issue, ref))}`;
    default:
      return `s:${SIZE_NAMES[ref] ?? ''}`;
  }
}

/** Which reading feature `k` of `list` is: two features with one key read alike in a reason (a word and its prefix). */
export function evidenceKey(list: FeatureList, k: number): number {
  const kind = list.kind[k] ?? 0;
  return kind === KIND_WORD || kind === KIND_PREFIX ? (list.ref[k] ?? 0) * 2 : k * 2 + 1;
}

/** Whether feature `k` is one the rules may name too (a rule, the type, a label, a component, the size). */
export function isFieldFeature(list: FeatureList, k: number): boolean {
  const kind = list.kind[k] ?? 0;
  return kind === KIND_TYPE || kind === KIND_LABEL || kind === KIND_COMPONENT || kind === KIND_SIZE || kind === KIND_RULE;
}

/** Whether feature `k` is the issue type: the one feature that never decides alone. */
export function isTypeFeature(list: FeatureList, k: number): boolean {
  return list.kind[k] === KIND_TYPE;
}

function leans(category: Category): string {
  return category === 'KTLO' ? 'leans KTLO' : 'leans to project work';
}

/** How feature `k` reads in a reason: "'eks' leans KTLO", "issue type 'Bug' leans KTLO". */
export function featureEvidence(list: FeatureList, k: number, issue: NormalizedIssue, summary: TokenBuffer, description: TokenBuffer, category: Category, ruleReasons: readonly string[]): string {
  const ref = list.ref[k] ?? 0;
  const lean = leans(category);
  switch (list.kind[k]) {
    case KIND_WORD:
      return `'${summary.word(ref)}' ${lean}`;
    case KIND_PAIR:
      return ref === 0 ? `starting with '${summary.word(0)}' ${lean}` : `'${summary.slice(summary.start[ref - 1] ?? 0, summary.end[ref] ?? 0)}' ${lean}`;
    case KIND_PREFIX:
      return `'${summary.word(ref)}' ${lean}`;
    case KIND_DESCRIPTION:
      return `'${description.word(ref)}' in the description ${lean}`;
    case KIND_TYPE:
      return `issue type '${issue.issueType}' ${lean}`;
    case KIND_LABEL:
      return `label '${issue.labels[ref] ?? ''}' ${lean}`;
    case KIND_COMPONENT:
      return `component '${issue.components[ref] ?? ''}' ${lean}`;
    case KIND_INTENT:
      return `${INTENT_FEATURES[ref]?.reads ?? ''}: ${lean}`;
    case KIND_RULE:
      return `the rule '${ruleReasons[ref] ?? ''}' ${lean} (as the labelled issues weigh it)`;
    case KIND_LABEL_WORD:
      return `'${labelWord(issue, ref)}' in label '${issue.labels[Math.floor(ref / LABEL_WORDS)] ?? ''}' ${lean}`;
    default:
      return `${ref === 0 ? 'a large' : 'a small'} estimate (${issue.estimate ?? ''} ${issue.estimateUnit}) ${lean}`;
  }
}

// Words that carry no kind of work: they only add noise to the weights and the explanations.
const STOP_WORDS = new Set(
  ['the', 'a', 'an', 'and', 'or', 'of', 'for', 'to', 'in', 'on', 'at', 'by', 'with', 'from', 'is', 'be', 'as', 'it', 'this', 'that', 'are', 'we', 'our', 'i', 'you', 'not', 'no', 'if', 'can', 'will', 'should', 'would', 'there', 'they', 'which', 'when', 'have', 'ha', 'do', 'doe', 'so', 'but', 'was', 'were', 'been', 'its', 'into', 'than', 'then', 'also', 'some', 'any', 'my', 'me', 'us', 'https', 'http', 'www', 'com', 'github'],
);

/** Whether a feature may carry weight: no stop words, no bare numbers (the version feature speaks for those). */
export function isInformative(name: string): boolean {
  const body = name.slice(2);
  if (name.startsWith('w:') || name.startsWith('d:') || name.startsWith('k:')) return !STOP_WORDS.has(body) && !/^\d+$/.test(body) && body.length > 1;
  if (name.startsWith('p:')) return !/\d/.test(body);
  if (name.startsWith('b:')) return !body.split(' ').every((w) => STOP_WORDS.has(w) || /^\d+$/.test(w));
  return true;
}

export const modelWeightsSchema = z.object({
  version: z.literal(1),
  /** The logit with no evidence at all. */
  bias: z.number(),
  /** Logit per unit of the rules' margin (KTLO minus project weights). */
  rules: z.number(),
  /** Feature name -> logit; positive leans KTLO. */
  features: z.record(z.string(), z.number()),
  /**
   * From this rules' margin on (|K - P| without the issue type's nudge), the rules' side holds: the model's words may
   * make the decision unsure, never turn it (chosen on inner folds by `npm run train`). Absent: the words may turn any.
   */
  firm: z.number().positive().optional(),
  /** How far past a firm margin the words must lean to turn it after all (a logit); absent: never. */
  turn: z.number().positive().optional(),
});
export type ModelWeights = z.infer<typeof modelWeightsSchema>;

const EMPTY = -1;

/**
 * Feature weights by hash: open addressing over typed arrays, with a stamp per slot so a feature counts once per issue.
 * A slot's key and stamp sit side by side (`slots[2 * at]`, `slots[2 * at + 1]`), so a probe reads one place.
 */
export class WeightTable {
  private readonly mask: number;
  /** Per slot: the feature's hash (EMPTY when none; hashes are 30-bit, never negative) and the stamp of the issue that last counted it. */
  private readonly slots: Int32Array;
  readonly weights: Float64Array;
  private stamp = 0;

  constructor(features: Readonly<Record<string, number>>) {
    const entries = Object.entries(features);
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 2).fill(EMPTY);
    this.weights = new Float64Array(size);
    for (const [name, weight] of entries) {
      const hash = featureHash(name);
      if (hash === null || weight === 0) continue;
      let at = hash & this.mask;
      while (this.slots[2 * at] !== EMPTY && this.slots[2 * at] !== hash) at = (at + 1) & this.mask;
      this.slots[2 * at] = hash;
      this.weights[at] = (this.weights[at] ?? 0) + weight;
    }
  }

  /** The slot of `hash`, or -1 when the table has no such feature. */
  find(hash: number): number {
    let at = hash & this.mask;
    for (let key = this.slots[2 * at]; key !== EMPTY; key = this.slots[2 * at]) {
      if (key === hash) return at;
      at = (at + 1) & this.mask;
    }
    return -1;
  }

  /** Starts a new issue: every feature may count once again. */
  next(): void {
    this.stamp++;
  }

  /** The slot of `hash` the first time it is seen for this issue, else -1 (unknown feature or already counted). */
  take(hash: number): number {
    const at = this.find(hash);
    if (at < 0 || this.slots[2 * at + 1] === this.stamp) return -1;
    this.slots[2 * at + 1] = this.stamp;
    return at;
  }
}

export interface CompiledModel {
  bias: number;
  rules: number;
  /** `firm` and `turn` of the weights; Infinity when absent. */
  firm: number;
  turn: number;
  table: WeightTable;
}

/** The logit the decision holds when the words would turn a firm rules' margin: the rules' side, at confidence 0.5. */
const HELD = 1e-6;

/** `logit`, unless the rules' margin `firmMargin` is firm (>= `firm`) and the logit turns it by less than `turn`: then the rules' side, unsure. */
export function holdFirm(logit: number, firmMargin: number, model: CompiledModel): number {
  if (Math.abs(firmMargin) < model.firm || logit * firmMargin > 0 || Math.abs(logit) > model.turn) return logit;
  return firmMargin > 0 ? HELD : -HELD;
}

const compiledModels = new WeakMap<ModelWeights, CompiledModel>();

export function compileModel(weights: ModelWeights): CompiledModel {
  const cached = compiledModels.get(weights);
  if (cached) return cached;
  const compiled = { bias: weights.bias, rules: weights.rules, firm: weights.firm ?? Infinity, turn: weights.turn ?? Infinity, table: new WeightTable(weights.features) };
  compiledModels.set(weights, compiled);
  return compiled;
}

import type { Category } from './category';
import { HashFilter, hashStem, type TokenBuffer } from './text';

/**
 * Intent and scope of a piece of work, read from its words: what the work does (its action), to what (an existing
 * system or a new one), how much of it (one host, job or alert vs an entire fleet, a strategy, several teams) and
 * whether something is broken (incident signals). The learned model weighs these; they are what decides "migrate" and
 * "upgrade", whose words alone say nothing (an end-of-life OS patch is upkeep, a platform replacement is a project).
 */

const ACTION_UPKEEP = 1 << 0;
const ACTION_NEW = 1 << 1;
/** "migrate", "upgrade", "move", "port": a change whose kind depends on its scale and object. */
const CHANGE = 1 << 2;
const SCALE_BROAD = 1 << 3;
const SCALE_NARROW = 1 << 4;
const OBJECT_NEW = 1 << 5;
const OBJECT_EXISTING = 1 << 6;
const INCIDENT = 1 << 7;
const END_OF_LIFE = 1 << 8;
/** A word made of digits: a version ("eks to 1.36", "20.04"), a count, a date. */
const NUMBER = 1 << 9;
/** "since", "after": with an update word and an incident signal, "errors after an update". */
const SINCE = 1 << 10;
const UPDATE = 1 << 11;
/** An incident after a change: "errors since the update". */
const INCIDENT_AFTER_CHANGE = 1 << 12;
/** A dotted version, "1.36", "20.04": a number joined by a dot to the number before it. */
const DOTTED_VERSION = 1 << 13;
/** A host or instance name, "prod-eks-3", "api.example.com": a number joined by a dash to a word, or a word joined by a dot to a word. */
const HOST_NAME = 1 << 14;
const WORDS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [ACTION_UPKEEP, ['restore', 'fix', 'repair', 'renew', 'grant', 'revoke', 'rotate', 'retire', 'bump', 'patch', 'remove', 'delete', 'clean', 'cleanup', 'reset', 'restart', 'increase', 'resize', 'extend', 'replace', 'unblock', 'reenable', 'rerun', 'tune', 'adjust', 'correct', 'decommission', 'deprecate', 'drop', 'revert', 'rollback']],
  [ACTION_NEW, ['build', 'introduce', 'design', 'redesign', 'replatform', 'implement', 'develop', 'launch', 'prototype', 'rearchitect', 'rewrite', 'adopt', 'establish', 'support', 'enable', 'allow', 'new', 'feat', 'feature', 'epic', 'roadmap', 'proposal', 'rfc', 'automate', 'automation']],
  [CHANGE, ['migrate', 'migration', 'migrating', 'migrated', 'upgrade', 'upgrading', 'upgraded', 'move', 'moving', 'port', 'porting', 'switch', 'transition', 'convert']],
  [SCALE_BROAD, ['entire', 'all', 'every', 'fleet', 'strategy', 'platform', 'across', 'organisation', 'organization', 'org', 'company', 'team', 'environment', 'whole', 'programme', 'program', 'overhaul', 'everything', 'multiple', 'several', 'global', 'infrastructure', 'architecture', 'framework', 'datacenter', 'centre', 'center', 'region', 'cloud']],
  [SCALE_NARROW, ['one', 'single', 'few', 'host', 'job', 'alert', 'node', 'instance', 'server', 'vm', 'machine', 'cron', 'script', 'record', 'user', 'account', 'repo', 'bucket', 'box', 'disk', 'page', 'typo', 'link', 'guide', 'doc', 'docs']],
  [OBJECT_NEW, ['new', 'greenfield', 'future', 'next', 'v2', 'modern', 'native']],
  [OBJECT_EXISTING, ['existing', 'current', 'old', 'legacy', 'outdated', 'obsolete', 'stale', 'broken', 'dead', 'unused', 'prod', 'production', 'staging', 'live']],
  [INCIDENT, ['down', 'outage', '5xx', '500', '502', '503', '504', 'failing', 'failed', 'fail', 'failure', 'crash', 'crashing', 'error', 'broken', 'timeout', 'unavailable', 'slow', 'leak', 'oom', 'hang', 'stuck', 'degraded', 'slamming', 'unreachable', 'panic', 'exception', 'regression', 'bug', 'cannot', 'unable', 'wrong', 'missing', 'incorrect', 'flaky', 'doesn', 'isn', 'didn', 'wasn', 'aren', 'couldn', 'won']],
  [END_OF_LIFE, ['eol', 'deprecated', 'unsupported', 'sunset', 'expire', 'expired', 'expiring', 'lts', 'cve', 'vulnerability', 'security']],
  [SINCE, ['since', 'after']],
  [UPDATE, ['update', 'upgrade', 'upgrading', 'release', 'deploy', 'bump']],
];

/** Word hash -> its intent bits: an open-addressing table over typed arrays, one lookup per word. */
const TABLE_BITS = 10;
const MASK = (1 << TABLE_BITS) - 1;
const keys = new Int32Array(1 << TABLE_BITS);
const values = new Int32Array(1 << TABLE_BITS);
const used = new Uint8Array(1 << TABLE_BITS);

function put(hash: number, bits: number): void {
  let at = hash & MASK;
  while (used[at] === 1 && keys[at] !== hash) at = (at + 1) & MASK;
  used[at] = 1;
  keys[at] = hash;
  values[at] = (values[at] ?? 0) | bits;
}

for (const [bits, words] of WORDS) for (const w of words) put(hashStem(w), bits);

// The model asks of every word whether it is a change word: a bit test answers "no" for most before the table is probed.
const CHANGE_WORDS = new HashFilter();
for (const [bits, words] of WORDS) if (bits === CHANGE) for (const w of words) CHANGE_WORDS.add(hashStem(w));

/** Intent bits of one folded-word hash (0 for most words). */
function intentOf(hash: number): number {
  let at = hash & MASK;
  while (used[at] === 1) {
    if (keys[at] === hash) return values[at] ?? 0;
    at = (at + 1) & MASK;
  }
  return 0;
}

/** Whether word `i` of `buf` is all digits. */
function isNumber(buf: TokenBuffer, i: number): boolean {
  const end = buf.end[i] ?? 0;
  for (let k = buf.start[i] ?? 0; k < end; k++) {
    const c = buf.code(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

const OUT = hashStem('out');
const OF = hashStem('of');
const A = hashStem('a');
const FEW = hashStem('few');
const END = hashStem('end');
const LIFE = hashStem('life');
const SPACE = hashStem('space');
const SLOW = hashStem('slow');
const FAST = hashStem('fast');
const AND = hashStem('and');
const OR = hashStem('or');
const MEMORY = hashStem('memory');

/** Whether word `i` of `buf` follows word `i - 1` across exactly the one character `c` ("1.36", "eks-3"). */
function joinedBy(buf: TokenBuffer, i: number, c: number): boolean {
  const start = buf.start[i] ?? 0;
  return i >= 1 && (buf.end[i - 1] ?? 0) === start - 1 && buf.code(start - 1) === c;
}

const DOT = 46;
const DASH = 45;
const SLASH = 47;

/** Whether word `i` and `j` (i < j) are coordinated: "fast and slow", "slow or fast", "fast/slow". */
function coordinated(buf: TokenBuffer, i: number, j: number): boolean {
  if (j === i + 1) return joinedBy(buf, j, SLASH);
  const between = buf.hash[i + 1];
  return j === i + 2 && (between === AND || between === OR);
}

/** "slow" beside its opposite, "fast and slow burn windows": two speeds of a design, not a fault. */
function slowBesideFast(buf: TokenBuffer, i: number, n: number): boolean {
  for (const j of [i - 2, i - 1, i + 1, i + 2]) {
    if (j < 0 || j >= n || buf.hash[j] !== FAST) continue;
    if (j < i ? coordinated(buf, j, i) : coordinated(buf, i, j)) return true;
  }
  return false;
}

/** The intent bits of the first `limit` words of `buf`, with the few multi-word signals ("out of space", "end of life"). */
export function intentBits(buf: TokenBuffer, limit: number): number {
  let bits = 0;
  const n = Math.min(buf.count, limit);
  const hashes = buf.hash;
  for (let i = 0; i < n; i++) {
    const h = hashes[i] ?? 0;
    let b = intentOf(h);
    // "out of space / memory" is an incident, "end of life" an end of support; "a few" is narrow; "fast and slow" no fault.
    if (i >= 2 && hashes[i - 1] === OF) {
      const before = hashes[i - 2];
      if (before === OUT && (h === SPACE || h === MEMORY)) b |= INCIDENT;
      else if (before === END && h === LIFE) b |= END_OF_LIFE;
    }
    if (h === FEW && i >= 1 && hashes[i - 1] === A) b |= SCALE_NARROW;
    if (h === SLOW && slowBesideFast(buf, i, n)) b &= ~INCIDENT;
    if (b === 0 && isNumber(buf, i)) {
      b = NUMBER;
      if (joinedBy(buf, i, DOT) && isNumber(buf, i - 1)) b |= DOTTED_VERSION;
      else if (joinedBy(buf, i, DASH) && !isNumber(buf, i - 1)) b |= HOST_NAME;
    } else if (joinedBy(buf, i, DOT) && !isNumber(buf, i - 1)) b |= HOST_NAME;
    bits |= b;
  }
  // "errors since the update": an incident after a change, not the change itself.
  if ((bits & (SINCE | UPDATE | INCIDENT)) === (SINCE | UPDATE | INCIDENT)) bits |= INCIDENT_AFTER_CHANGE;
  return bits;
}

/**
 * The intent features of an issue, by name, from the bits of its summary and description: each is one feature of the
 * model with its own learned weight, and the sentence its explanation reads. `leans` is the direction the article's
 * criteria give it (a fix keeps things running, a new platform is a project): training learns only how much it leans,
 * never the other way (a few hundred issues are too few to overturn the criteria); null where only the data can say.
 */
export const INTENT_FEATURES: ReadonlyArray<{ name: string; leans: Category | null; reads: string; test: (summary: number, description: number) => boolean }> = [
  { name: 'upkeep-action', leans: 'KTLO', reads: 'the action keeps something running (fix, renew, rotate, bump, remove ...)', test: (s) => (s & ACTION_UPKEEP) !== 0 },
  { name: 'new-action', leans: 'PROJECT', reads: 'the action builds something (build, introduce, design, implement ...)', test: (s) => (s & ACTION_NEW) !== 0 },
  { name: 'broad-scale', leans: 'PROJECT', reads: 'its scale is broad (entire, all, fleet, strategy, several teams)', test: (s) => (s & SCALE_BROAD) !== 0 },
  { name: 'narrow-scale', leans: 'KTLO', reads: 'its scale is small (one host, job, alert, a few)', test: (s) => (s & SCALE_NARROW) !== 0 && (s & SCALE_BROAD) === 0 },
  { name: 'new-object', leans: 'PROJECT', reads: 'it is about a new system', test: (s) => (s & OBJECT_NEW) !== 0 },
  { name: 'existing-object', leans: 'KTLO', reads: 'it is about an existing system', test: (s) => (s & OBJECT_EXISTING) !== 0 && (s & OBJECT_NEW) === 0 },
  { name: 'incident', leans: 'KTLO', reads: 'something is broken (down, failing, errors, out of space)', test: (s) => (s & INCIDENT) !== 0 },
  { name: 'incident-after-change', leans: 'KTLO', reads: 'errors after an update', test: (s, d) => ((s | d) & INCIDENT_AFTER_CHANGE) !== 0 },
  { name: 'end-of-life', leans: 'KTLO', reads: 'an end of support or a security fix is due', test: (s) => (s & END_OF_LIFE) !== 0 },
  { name: 'version', leans: 'KTLO', reads: 'it names a version', test: (s) => (s & NUMBER) !== 0 },
  { name: 'dotted-version', leans: 'KTLO', reads: 'it names a dotted version (1.36, 20.04)', test: (s, d) => ((s | d) & DOTTED_VERSION) !== 0 },
  { name: 'host-name', leans: 'KTLO', reads: 'it names a host or an instance (prod-eks-3, api.example.com)', test: (s) => (s & HOST_NAME) !== 0 },
  { name: 'change-broad', leans: 'PROJECT', reads: 'a migration or upgrade of broad scale', test: (s, d) => (s & CHANGE) !== 0 && ((s | d) & SCALE_BROAD) !== 0 },
  { name: 'change-new', leans: 'PROJECT', reads: 'a migration or upgrade to a new system', test: (s) => (s & CHANGE) !== 0 && (s & OBJECT_NEW) !== 0 },
  { name: 'change-contained', leans: 'KTLO', reads: 'an upgrade or move of one existing system (a version, an end of life)', test: (s, d) => (s & CHANGE) !== 0 && ((s | d) & SCALE_BROAD) === 0 && (s & OBJECT_NEW) === 0 && (s & (NUMBER | END_OF_LIFE | OBJECT_EXISTING | SCALE_NARROW)) !== 0 },
  { name: 'change-unscoped', leans: null, reads: 'a migration or upgrade of unstated scale', test: (s, d) => (s & CHANGE) !== 0 && ((s | d) & SCALE_BROAD) === 0 && (s & (OBJECT_NEW | NUMBER | END_OF_LIFE | OBJECT_EXISTING | SCALE_NARROW)) === 0 },
  { name: 'description-incident', leans: 'KTLO', reads: 'the description reports a fault', test: (s, d) => (s & INCIDENT) === 0 && (d & INCIDENT) !== 0 },
  { name: 'description-broad', leans: 'PROJECT', reads: 'the description spans many systems or teams', test: (s, d) => (s & SCALE_BROAD) === 0 && (d & SCALE_BROAD) !== 0 },
  { name: 'description-new', leans: 'PROJECT', reads: 'the description is about something new', test: (s, d) => (s & (OBJECT_NEW | ACTION_NEW)) === 0 && (d & (OBJECT_NEW | ACTION_NEW)) !== 0 },
];

/** Whether the words in `buf` report a fault (down, failing, errors, broken, out of space ...): work on something broken. */
export function reportsFault(buf: TokenBuffer): boolean {
  return (intentBits(buf, buf.count) & INCIDENT) !== 0;
}

/** Whether a word's own weight would decide what only its scale and object may ("migrate", "upgrade"). */
export function isScopeDependent(hash: number): boolean {
  return CHANGE_WORDS.mayHave(hash) && (intentOf(hash) & CHANGE) !== 0;
}

/**
 * Word-level text handling shared by the rules: lower-case words split on anything that is not a letter or digit
 * (so "on-call", "on call" and "On-Call" read alike), with plurals folded to their singular ("alerts" -> "alert",
 * "patches" -> "patch", "policies" -> "policy"). Rule terms go through the same functions, so matching is on whole
 * words only and never inside another word ("patch" does not match "dispatch").
 *
 * Classification reads every word of every description, so the hot path (`scanTokens`) makes no substrings: it
 * records each word's offsets and a 32-bit hash of its folded form, and callers confirm a hash hit with `stem`.
 */

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Fold a lower-case word to a crude singular. Consistency matters more than linguistics: terms are folded the same way. */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 3) return word;
  if (word.endsWith('ies') && n > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('es')) {
    const before = word.slice(0, -2);
    if (before.endsWith('ch') || before.endsWith('sh') || before.endsWith('x') || before.endsWith('ss') || before.endsWith('z')) {
      return before;
    }
  }
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function step(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** Hash of an already folded word, as `scanTokens` computes it for words in text. */
export function hashStem(folded: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < folded.length; i++) h = step(h, folded.charCodeAt(i));
  return h & SMALL;
}

// Hashes are cut to 30 bits so V8 keeps them as small integers: no boxing in the hot loop.
const SMALL = 0x3fffffff;

function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = step(h, s.charCodeAt(i));
  return h;
}

const APPEND_Y = 1 << 30;

/**
 * How `stem` folds the word s[start, end): the number of characters it keeps, with APPEND_Y set when it adds a "y"
 * ("policies" -> "polic" + "y"). Mirrors `stem` rule for rule, without making substrings.
 */
function fold(s: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 3 || s.charCodeAt(end - 1) !== 115 /* s */) return n;
  const l2 = s.charCodeAt(end - 2);
  const l3 = s.charCodeAt(end - 3);
  if (l2 === 101 /* e */ && l3 === 105 /* i */ && n > 4) return (n - 3) | APPEND_Y;
  if (l2 === 101 /* e */) {
    const l4 = s.charCodeAt(end - 4);
    const chOrSh = l3 === 104 /* h */ && (l4 === 99 /* c */ || l4 === 115); /* s */
    if (chOrSh || l3 === 120 /* x */ || l3 === 122 /* z */ || (l3 === 115 && l4 === 115)) return n - 2;
  }
  if (l2 === 115 /* s */ || l2 === 117 /* u */ || l2 === 105 /* i */) return n;
  return n - 1;
}

/** 1 for the lower-case ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128).map((_, c) => ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0));

// Letter-or-digit answers for the Basic Multilingual Plane beyond ASCII, looked up once per code: 0 unknown, 1 yes, 2 no.
const wideClass = new Uint8Array(0x10000);

/** For characters beyond ASCII: letters and digits of any script. */
function isWordChar(c: number): boolean {
  // Surrogate halves (emoji and rare scripts) separate words.
  if (c >= 0xd800 && c <= 0xdfff) return false;
  let known = wideClass[c];
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? 1 : 2;
    wideClass[c] = known;
  }
  return known === 1;
}

/** A set of folded-word hashes worth a closer look, one bit per low 16 bits: a first test that answers "maybe" or "no". */
export class HashFilter {
  readonly bits = new Uint8Array(1 << 13);

  add(hash: number): void {
    const at = (hash & 0xffff) >> 3;
    this.bits[at] = (this.bits[at] ?? 0) | (1 << (hash & 7));
  }
}

/** Word offsets and folded-word hashes of one text; reused between calls to spare the garbage collector. */
export class TokenBuffer {
  /** The lower-cased text the offsets point into. */
  text = '';
  count = 0;
  /** Indexes of the words that passed the scan's filter, in order. */
  candidates: Int32Array = new Int32Array(256);
  candidateCount = 0;
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  hash: Int32Array = new Int32Array(256);

  /** Whether word `i` folds to `folded` (confirms a hash hit without making a substring). */
  foldsTo(i: number, folded: string): boolean {
    const s = this.text;
    const start = this.start[i] ?? 0;
    const end = this.end[i] ?? 0;
    const kept = fold(s, start, end);
    const keep = kept & ~APPEND_Y;
    const length = keep + (kept & APPEND_Y ? 1 : 0);
    if (length !== folded.length) return false;
    for (let k = 0; k < keep; k++) if (s.charCodeAt(start + k) !== folded.charCodeAt(k)) return false;
    return (kept & APPEND_Y) === 0 || folded.charCodeAt(keep) === 121; /* y */
  }

  /** Hash of stem(word): the running hash when the word folds to itself, else a rehash of the part it keeps. */
  private foldedHash(s: string, start: number, end: number, full: number): number {
    const kept = fold(s, start, end);
    const keep = kept & ~APPEND_Y;
    if (keep === end - start) return full;
    const h = hashRange(s, start, start + keep);
    return (kept & APPEND_Y ? step(h, 121 /* y */) : h) & SMALL;
  }

  /** Read `text`: lower-cases it and records every word, and as candidates those whose hash may be in `filter`. */
  scan(text: string, filter: HashFilter | null = null): void {
    const s = text.toLowerCase();
    const n = s.length;
    // A word takes at least one character and one separator: size the arrays once, outside the loop.
    const most = (n >> 1) + 1;
    if (this.start.length < most) {
      const size = Math.max(most, this.start.length * 2);
      this.start = new Int32Array(size);
      this.end = new Int32Array(size);
      this.hash = new Int32Array(size);
      this.candidates = new Int32Array(size);
    }
    const starts = this.start;
    const ends = this.end;
    const hashes = this.hash;
    const candidates = this.candidates;
    const bits = filter === null ? null : filter.bits;
    let candidateCount = 0;
    let count = 0;
    let i = 0;
    while (i < n) {
      const first = s.charCodeAt(i);
      if (first < 128 ? ASCII_WORD[first] === 0 : !isWordChar(first)) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c < 128 ? ASCII_WORD[c] === 0 : !isWordChar(c)) break;
        h = step(h, c);
        i++;
      }
      starts[count] = start;
      ends[count] = i;
      // Only words ending in "s" can fold to something else.
      const folded = s.charCodeAt(i - 1) === 115 ? this.foldedHash(s, start, i, h & SMALL) : h & SMALL;
      hashes[count] = folded;
      if (bits !== null && ((bits[(folded & 0xffff) >> 3] ?? 0) & (1 << (folded & 7))) !== 0) candidates[candidateCount++] = count;
      count++;
    }
    this.text = s;
    this.count = count;
    this.candidateCount = candidateCount;
  }
}

export interface Tokens {
  /** The words as written, lower-cased. */
  words: string[];
  /** The same words folded by `stem`. */
  stems: string[];
}

/** Words and folded words of a text, split exactly as `TokenBuffer.scan` splits them. */
export function tokenize(text: string): Tokens {
  const buffer = new TokenBuffer();
  buffer.scan(text);
  const words: string[] = [];
  for (let i = 0; i < buffer.count; i++) words.push(buffer.text.slice(buffer.start[i] ?? 0, buffer.end[i] ?? 0));
  return { words, stems: words.map(stem) };
}

/**
 * Word-level text handling shared by the rules: lower-case words split on anything that is not a letter or digit
 * (so "on-call", "on call" and "On-Call" read alike), with plurals folded to their singular ("alerts" -> "alert",
 * "patches" -> "patch", "policies" -> "policy"). Rule terms go through the same functions, so matching is on whole
 * words only and never inside another word ("patch" does not match "dispatch").
 *
 * Classification reads every word of every description, so the hot path (`TokenBuffer.scan`) makes no substrings: it
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

/** Hash of an already folded word, as `TokenBuffer.scan` computes it for words in text. */
export function hashStem(folded: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < folded.length; i++) h = step(h, folded.charCodeAt(i));
  return h & SMALL;
}

// Hashes are cut to 30 bits so V8 keeps them as small integers: no boxing in the hot loop.
const SMALL = 0x3fffffff;

/** ASCII codes lower-cased (capitals to small letters, the rest as they are); see `lowerAt`. */
const LOWER = new Uint8Array(128).map((_, c) => (c >= 65 && c <= 90 ? c + 32 : c));

/**
 * Code unit `k` of a text as its lower-cased form reads: an ASCII text is read as given, its capitals lower-cased as
 * they are read; a text beyond ASCII is lower-cased whole first (lower-casing may change its length), and reads as it is.
 */
function lowerAt(s: string, k: number): number {
  const c = s.charCodeAt(k);
  return c < 128 ? (LOWER[c] ?? 0) : c;
}

function hashRange(s: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = step(h, lowerAt(s, i));
  return h;
}

const APPEND_Y = 1 << 30;

/**
 * How `stem` folds the word s[start, end): the number of characters it keeps, with APPEND_Y set when it adds a "y"
 * ("policies" -> "polic" + "y"). Mirrors `stem` rule for rule, without making substrings.
 */
function fold(s: string, start: number, end: number): number {
  const n = end - start;
  if (n <= 3 || lowerAt(s, end - 1) !== 115 /* s */) return n;
  const l2 = lowerAt(s, end - 2);
  const l3 = lowerAt(s, end - 3);
  if (l2 === 101 /* e */ && l3 === 105 /* i */ && n > 4) return (n - 3) | APPEND_Y;
  if (l2 === 101 /* e */) {
    const l4 = lowerAt(s, end - 4);
    const chOrSh = l3 === 104 /* h */ && (l4 === 99 /* c */ || l4 === 115); /* s */
    if (chOrSh || l3 === 120 /* x */ || l3 === 122 /* z */ || (l3 === 115 && l4 === 115)) return n - 2;
  }
  if (l2 === 115 /* s */ || l2 === 117 /* u */ || l2 === 105 /* i */) return n;
  return n - 1;
}

/** In a text's byte copy (`TokenBuffer`): a code unit beyond ASCII, to be read from the text itself. */
const WIDE = 128;

/** For ASCII codes: the small letter or digit they read as in a word (capitals lower-cased), 0 for a separator. */
const ASCII_WORD = new Uint8Array(WIDE).map((_, c) => ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : c >= 65 && c <= 90 ? c + 32 : 0));

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
  private readonly bits = new Uint8Array(1 << 13);

  add(hash: number): void {
    const at = (hash & 0xffff) >> 3;
    this.bits[at] = (this.bits[at] ?? 0) | (1 << (hash & 7));
  }

  /** False when `hash` was never added; true when it may have been. */
  mayHave(hash: number): boolean {
    return ((this.bits[(hash & 0xffff) >> 3] ?? 0) & (1 << (hash & 7))) !== 0;
  }
}

const ENCODER = new TextEncoder();

/** The small letter or digit at offset `i` of the byte copy `codes` of `s` (see `TokenBuffer`), 0 for a separator. */
function letterAt(codes: Uint8Array, s: string, i: number): number {
  const b = codes[i] ?? 0;
  if (b !== WIDE) return ASCII_WORD[b] ?? 0;
  const c = s.charCodeAt(i);
  return isWordChar(c) ? c : 0;
}

/**
 * Word offsets and folded-word hashes of one text, read lower-cased; reused between calls to spare the garbage
 * collector. An ASCII text (most issue text) is read as given, its capitals lower-cased as they are read, with no
 * lower-cased copy; any other is lower-cased whole first. Read it through `code`, `slice` and `word`.
 */
export class TokenBuffer {
  /** The text the offsets point into: as given when `ascii`, else lower-cased. */
  private source = '';
  private ascii = true;
  /** The source's code units as bytes, WIDE for those beyond ASCII: the scan reads a typed array, not the string. */
  private codes = new Uint8Array(1024);
  count = 0;
  /** Indexes of the words that passed the scan's filter, in order. */
  candidates: Int32Array = new Int32Array(256);
  candidateCount = 0;
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  hash: Int32Array = new Int32Array(256);

  /** The lower-cased code unit at offset `at`. */
  code(at: number): number {
    return lowerAt(this.source, at);
  }

  /** The lower-cased text from offset `start` to `end`. */
  slice(start: number, end: number): string {
    const part = this.source.slice(start, end);
    return this.ascii ? part.toLowerCase() : part;
  }

  /** Word `i`, lower-cased. */
  word(i: number): string {
    return this.slice(this.start[i] ?? 0, this.end[i] ?? 0);
  }

  /** Whether word `i` folds to `folded` (confirms a hash hit without making a substring). */
  foldsTo(i: number, folded: string): boolean {
    const s = this.source;
    const start = this.start[i] ?? 0;
    const end = this.end[i] ?? 0;
    const kept = fold(s, start, end);
    const keep = kept & ~APPEND_Y;
    const length = keep + (kept & APPEND_Y ? 1 : 0);
    if (length !== folded.length) return false;
    for (let k = 0; k < keep; k++) if (lowerAt(s, start + k) !== folded.charCodeAt(k)) return false;
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

  /** Read `text`: records every word, lower-cased, and as candidates those whose hash may be in `filter`. */
  scan(text: string, filter: HashFilter | null = null): void {
    this.fit(text.length);
    // UTF-8 writes ASCII, and nothing else, one byte per code unit: one native step copies an ASCII text.
    const { read, written } = ENCODER.encodeInto(text, this.codes);
    this.ascii = read === text.length && written === text.length;
    this.source = text;
    if (!this.ascii) {
      // Lower-casing beyond ASCII may change the text's length: read its lower-cased copy.
      this.source = text.toLowerCase();
      this.fit(this.source.length);
      for (let k = 0; k < this.source.length; k++) this.codes[k] = Math.min(this.source.charCodeAt(k), WIDE);
    }
    this.read(filter);
  }

  /** Room for a text of `length` code units: its bytes, and its words (a word takes at least one and one separator). */
  private fit(length: number): void {
    if (this.codes.length < length) this.codes = new Uint8Array(Math.max(length, this.codes.length * 2));
    const most = (length >> 1) + 1;
    if (this.start.length >= most) return;
    const size = Math.max(most, this.start.length * 2);
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.hash = new Int32Array(size);
    this.candidates = new Int32Array(size);
  }

  /** The scan's loop: every word of the source, its offsets, its folded hash and whether `filter` may hold it. */
  private read(filter: HashFilter | null): void {
    const s = this.source;
    const codes = this.codes;
    const n = s.length;
    const starts = this.start;
    const ends = this.end;
    const hashes = this.hash;
    const candidates = this.candidates;
    let candidateCount = 0;
    let count = 0;
    let i = 0;
    while (i < n) {
      let letter = letterAt(codes, s, i);
      if (letter === 0) {
        i++;
        continue;
      }
      const start = i;
      let h = FNV_OFFSET;
      let last = letter;
      while (letter !== 0) {
        h = step(h, letter);
        last = letter;
        if (++i >= n) break;
        letter = letterAt(codes, s, i);
      }
      starts[count] = start;
      ends[count] = i;
      // Only words ending in "s" can fold to something else.
      const folded = last === 115 ? this.foldedHash(s, start, i, h & SMALL) : h & SMALL;
      hashes[count] = folded;
      if (filter !== null && filter.mayHave(folded)) candidates[candidateCount++] = count;
      count++;
    }
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
  for (let i = 0; i < buffer.count; i++) words.push(buffer.word(i));
  return { words, stems: words.map(stem) };
}

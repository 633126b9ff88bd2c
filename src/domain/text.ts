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

/** Word offsets and folded-word hashes of one text; reused between calls to spare the garbage collector. */
export class TokenBuffer {
  text = '';
  count = 0;
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  hash: Int32Array = new Int32Array(256);

  /** The folded form of word `i` (for confirming a hash hit). */
  stemAt(i: number): string {
    return stem(this.text.slice(this.start[i] ?? 0, this.end[i] ?? 0));
  }

  /** Hash of stem(word), mirroring `stem` rule for rule; only words ending in "s" are folded, by rehashing their kept part. */
  private foldedHash(s: string, start: number, end: number, full: number): number {
    const n = end - start;
    if (n <= 3 || s.charCodeAt(end - 1) !== 115 /* s */) return full;
    const l2 = s.charCodeAt(end - 2);
    const l3 = s.charCodeAt(end - 3);
    if (l2 === 101 /* e */ && l3 === 105 /* i */ && n > 4) return step(hashRange(s, start, end - 3), 121 /* y */) & SMALL;
    if (l2 === 101 /* e */) {
      const l4 = s.charCodeAt(end - 4);
      const chOrSh = l3 === 104 /* h */ && (l4 === 99 /* c */ || l4 === 115); /* s */
      if (chOrSh || l3 === 120 /* x */ || l3 === 122 /* z */ || (l3 === 115 && l4 === 115)) return hashRange(s, start, end - 2) & SMALL;
    }
    if (l2 === 115 /* s */ || l2 === 117 /* u */ || l2 === 105 /* i */) return full;
    return hashRange(s, start, end - 1) & SMALL;
  }

  /** Read `text`: lower-cases it and records every word. */
  scan(text: string): void {
    const s = text.toLowerCase();
    const n = s.length;
    // A word takes at least one character and one separator: size the arrays once, outside the loop.
    const most = (n >> 1) + 1;
    if (this.start.length < most) {
      const size = Math.max(most, this.start.length * 2);
      this.start = new Int32Array(size);
      this.end = new Int32Array(size);
      this.hash = new Int32Array(size);
    }
    const starts = this.start;
    const ends = this.end;
    const hashes = this.hash;
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
      hashes[count] = this.foldedHash(s, start, i, h & SMALL);
      count++;
    }
    this.text = s;
    this.count = count;
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

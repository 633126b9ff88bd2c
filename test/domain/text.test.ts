import { HashFilter, hashStem, stem, TokenBuffer, tokenize } from '../../src/domain/text';

// The scan reads ASCII text as given (capitals lower-cased byte by byte) and any other text lower-cased whole: both
// must read exactly as lower-casing first and splitting on anything that is not a letter or digit.
function reference(text: string): string[] {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < lower.length; i++) {
    const unit = lower.charAt(i);
    if (/[\p{L}\p{N}]/u.test(unit)) {
      word += unit;
    } else if (word !== '') {
      words.push(word);
      word = '';
    }
  }
  if (word !== '') words.push(word);
  return words;
}

const TEXTS = [
  'Renew the WILDCARD Certificates for *.Internal.Example.com (Policies, Patches, Boxes)',
  'ROTATE keys: on-call runbook, 3 HOSTS',
  // Beyond ASCII: accents, a curly apostrophe, an em dash, Greek capitals, an emoji, and 'İ', whose lower case is two units long.
  'İstanbul DNS doesn’t resolve — Ünïcödé ΣΟΦΙΑΣ 🚀 Kelvin \u212A ALERTS',
  // Longer than the buffer's first byte copy and word arrays, so both grow: ASCII, then the same beyond ASCII.
  'Rotate EXPIRED Certificates on WEB-01, restart ALERTS. '.repeat(60),
  'Çertificates ÉXPIRED; alerts ✓ '.repeat(80),
];

describe('TokenBuffer', () => {
  it.each(TEXTS)('reads %p as lower-casing it first would, words, hashes and quotes alike', (text) => {
    const buf = new TokenBuffer();
    const filter = new HashFilter();
    filter.add(hashStem('alert'));
    filter.add(hashStem('certificate'));
    buf.scan(text, filter);
    const words = Array.from({ length: buf.count }, (_, i) => buf.word(i));
    expect(words).toEqual(reference(text));
    expect(Array.from(buf.hash.subarray(0, buf.count))).toEqual(words.map((w) => hashStem(stem(w))));
    words.forEach((w, i) => expect(buf.foldsTo(i, stem(w))).toBe(true));
    const candidates = Array.from(buf.candidates.subarray(0, buf.candidateCount), (i) => stem(words[i] ?? ''));
    expect(candidates).toEqual(words.map(stem).filter((w) => w === 'alert' || w === 'certificate'));
    expect(buf.slice(0, text.length)).toBe(text.toLowerCase().slice(0, text.length));
    expect(tokenize(text).words).toEqual(words);
  });

  it('reads a text beyond ASCII after an ASCII one in the same buffer, and back', () => {
    const buf = new TokenBuffer();
    for (const text of [TEXTS[0] ?? '', TEXTS[2] ?? '', TEXTS[1] ?? '']) {
      buf.scan(text);
      expect(Array.from({ length: buf.count }, (_, i) => buf.word(i))).toEqual(reference(text));
    }
  });
});

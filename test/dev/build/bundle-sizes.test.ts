import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSizeReport, initialFiles, isOverBudget, measureSurface } from '../../../dev/build/bundle-sizes';

describe('bundle sizes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ktlo-sizes-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the initial load from index.html: its scripts, preloads and stylesheets, not external or data URLs', () => {
    const html = `<script type="module" crossorigin src="./assets/index-a.js"></script>
      <link rel="modulepreload" href="./assets/vendor-b.js"><link rel="stylesheet" href="assets/index-c.css?v=1">
      <link rel="icon" href="data:image/png;base64,AA"><script src="https://example.com/x.js"></script>`;
    expect(initialFiles(html)).toEqual(['index.html', 'assets/index-a.js', 'assets/vendor-b.js', 'assets/index-c.css']);
  });

  it('the built sprint capacity page names the code it draws with (imported on demand) and its stylesheets: fetched with the page, counted in its initial load', () => {
    const surface = join(__dirname, '..', '..', '..', 'static', 'sprint-capacity');
    const named = initialFiles(readFileSync(join(surface, 'index.html'), 'utf8'));
    const drawing = named.filter((f) => /^assets\/surface-[\w-]+\.js$/.test(f));
    expect(drawing).toHaveLength(1);
    expect(named.filter((f) => f.endsWith('.css')).length).toBeGreaterThan(0);
    expect(named.every((f) => existsSync(join(surface, f)))).toBe(true);
    // The entry imports it on demand: without the page naming it, the browser would ask for it only then.
    const entry = named.find((f) => /^assets\/index-[\w-]+\.js$/.test(f)) ?? '';
    expect(readFileSync(join(surface, entry), 'utf8')).toContain(drawing[0]?.replace('assets/', ''));
  });

  it('sums raw and gzip sizes of the initial load and of all files, and checks the budget against the initial load', () => {
    const surface = join(dir, 'issue-panel');
    mkdirSync(join(surface, 'assets'), { recursive: true });
    writeFileSync(join(surface, 'index.html'), '<script type="module" src="./assets/index.js"></script>');
    // Text that compresses like code does, somewhat.
    const code = Array.from({ length: 2000 }, (_, i) => `v${(i * 7919) % 10007};`).join('');
    writeFileSync(join(surface, 'assets', 'index.js'), code);
    writeFileSync(join(surface, 'assets', 'lazy.js'), 'console.log(1);');

    const size = measureSurface(dir, 'issue-panel');
    expect(size.files.map((f) => [f.file, f.initial])).toEqual([
      ['assets/index.js', true],
      ['index.html', true],
      ['assets/lazy.js', false],
    ]);
    expect(size.initialRaw).toBe(code.length + 55);
    expect(size.raw).toBe(size.initialRaw + 15);
    expect(size.initialGzip).toBeLessThan(size.initialRaw);
    expect(size.gzip).toBeGreaterThan(size.initialGzip);
    expect(size.budgetGzip).toBe(150_000);
    expect(isOverBudget(size)).toBe(false);
    expect(isOverBudget({ ...size, initialGzip: 150_001 })).toBe(true);

    const report = formatSizeReport([size]).split('\n');
    expect(report[1]).toMatch(/^issue-panel: initial load\s+\d+\.\d kB\s+\d+\.\d kB {2}budget 150\.0 kB gzip: ok$/);
    expect(report.at(-1)).toMatch(/assets\/lazy\.js .* on demand$/);
  });

  it('says to build first when a surface folder is missing', () => {
    expect(() => measureSurface(dir, 'issue-panel')).toThrow(/build the surface first/);
  });
});

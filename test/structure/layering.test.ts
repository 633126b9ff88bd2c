import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = join(__dirname, '../../src');
const DOMAIN = join(SRC, 'domain');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
// `import type` is erased at build time: it adds nothing to a bundle.
const VALUE_IMPORT = /(?:import|export)\s+(?!type\s)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const NODE_IO = /^(node:)?(fs|fs\/promises|path|child_process|net|http|https|http2|dgram|dns|os|process|worker_threads|cluster|readline|tls|stream|zlib|v8|vm|async_hooks)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

function specs(file: string, pattern: RegExp): string[] {
  return [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

function resolveLocal(from: string, spec: string): string | null {
  const base = join(dirname(from), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return null;
}

/** Every module a file reaches through value imports: its own files and the packages they name. */
function reach(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specs(file, VALUE_IMPORT)) {
      if (!spec.startsWith('.')) {
        if (!packages.has(spec)) packages.set(spec, relative(SRC, file));
        continue;
      }
      const target = resolveLocal(file, spec);
      if (target) queue.push(target);
    }
  }
  return { files, packages };
}

/** The surfaces' entry points (one Vite bundle each). */
const ENTRIES = readdirSync(join(SRC, 'frontend'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(join(SRC, 'frontend', e.name, 'main.tsx')))
  .map((e) => join(SRC, 'frontend', e.name, 'main.tsx'));

describe('layering', () => {
  it('src/domain imports nothing from Forge, React, node I/O or other src/ folders', () => {
    const violations: string[] = [];
    for (const file of sources(DOMAIN)) {
      for (const spec of specs(file, IMPORT)) {
        const bad = spec.startsWith('@forge/') || spec === 'react' || spec.startsWith('react/') || spec.startsWith('react-dom') || NODE_IO.test(spec) || (spec.startsWith('.') && !spec.startsWith('./'));
        if (bad) violations.push(`${relative(DOMAIN, file)} imports '${spec}'`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('src/reader and src/jira read Jira over an injected requester: no Forge, React, kvs, storage, services or resolvers', () => {
    const violations: string[] = [];
    for (const file of [...sources(join(SRC, 'reader')), ...sources(join(SRC, 'jira'))]) {
      for (const spec of specs(file, IMPORT)) {
        const bad = spec.startsWith('@forge/') || spec === 'react' || NODE_IO.test(spec) || /\.\.\/(storage|services|resolvers|triggers|frontend)\//.test(spec);
        if (bad) violations.push(`${relative(SRC, file)} imports '${spec}'`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('finds every surface', () => {
    expect(ENTRIES.map((e) => relative(SRC, e)).sort()).toEqual(['frontend/issue-panel/main.tsx', 'frontend/project-page/main.tsx', 'frontend/settings/main.tsx', 'frontend/sprint-capacity/main.tsx']);
  });

  it.each(ENTRIES.map((e) => [relative(SRC, e), e]))('%s reaches the reader and the domain, never @forge/api, kvs, resolvers, storage or services', (_name, entry) => {
    const { files, packages } = reach(entry);
    const server = [...packages].filter(([spec]) => /^@forge\/(api|kvs|events|resolver)(\/|$)/.test(spec)).map(([spec, by]) => `${by} imports '${spec}'`);
    const layers = [...files].map((f) => relative(SRC, f)).filter((f) => /^(resolvers|storage|services|triggers)\//.test(f) || f === 'index.ts');
    expect({ server, layers }).toEqual({ server: [], layers: [] });
  });

  it('the checks themselves catch a forbidden import', () => {
    const sample = "import { x } from '@forge/api';\nimport fs from 'node:fs';\nimport { y } from '../jira/client';\nimport { z } from './classify';";
    const found = [...sample.matchAll(IMPORT)].map((m) => m[1]);
    expect(found).toEqual(['@forge/api', 'node:fs', '../jira/client', './classify']);
    const values = [...["import type { A } from '@forge/api';", "import { b } from '@forge/bridge';", "const c = import('./lazy');", "import './side-effect';"].join('\n').matchAll(VALUE_IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(values).toEqual(['@forge/bridge', './lazy', './side-effect']);
  });
});

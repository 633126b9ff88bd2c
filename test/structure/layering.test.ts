import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DOMAIN = join(__dirname, '../../src/domain');
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_IO = /^(node:)?(fs|fs\/promises|path|child_process|net|http|https|http2|dgram|dns|os|process|worker_threads|cluster|readline|tls|stream|zlib|v8|vm|async_hooks)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('layering', () => {
  it('src/domain imports nothing from Forge, React, node I/O or other src/ folders', () => {
    const violations: string[] = [];
    for (const file of sources(DOMAIN)) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        const bad = spec.startsWith('@forge/') || spec === 'react' || spec.startsWith('react/') || spec.startsWith('react-dom') || NODE_IO.test(spec) || (spec.startsWith('.') && !spec.startsWith('./'));
        if (bad) violations.push(`${file.slice(DOMAIN.length + 1)} imports '${spec}'`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the check itself catches a forbidden import', () => {
    const sample = "import { x } from '@forge/api';\nimport fs from 'node:fs';\nimport { y } from '../jira/client';\nimport { z } from './classify';";
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1]);
    expect(specs).toEqual(['@forge/api', 'node:fs', '../jira/client', './classify']);
  });
});

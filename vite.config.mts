import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * One Vite build per Custom UI surface: src/frontend/<surface>/index.html -> static/<surface>/, the folder that
 * manifest.yml names as the surface's resource. Asset paths are relative (`base: './'`): Forge serves each resource
 * under an app-specific path. `npm run build` builds them all (dev/build/build-surfaces.mts); one alone:
 * `KTLO_SURFACE=issue-panel npx vite build`.
 */

const ROOT = dirname(fileURLToPath(import.meta.url));
export const FRONTEND_DIR = join(ROOT, 'src', 'frontend');
export const STATIC_DIR = join(ROOT, 'static');

/** Folders of src/frontend with an index.html (api/ and shared/ have none). */
export function surfaces(): string[] {
  return readdirSync(FRONTEND_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(FRONTEND_DIR, entry.name, 'index.html')))
    .map((entry) => entry.name)
    .sort();
}

/** The module a surface's entry imports on demand to draw (sprint-capacity/surface.tsx): fetched with the page all the same. */
const DRAWN_LATER = 'surface.tsx';

/**
 * An entry that starts its work before it draws imports its drawing code (DRAWN_LATER) on demand, so that code is
 * evaluated later; the page still names it, with its stylesheets (preloaded: Vite's import of the chunk applies them),
 * so the browser fetches it at once and the build report counts it in the initial load (bundle-sizes.ts reads index.html).
 */
function preloadDrawnLater(): Plugin {
  return {
    name: 'ktlo:preload-drawn-later',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (html?.type !== 'asset' || typeof html.source !== 'string') return;
      const page = html.source;
      // The drawing code and what it imports, with their stylesheets, except what the page names already.
      const scripts = new Set<string>();
      const styles = new Set<string>();
      const visit = (file: string): void => {
        const chunk = bundle[file];
        if (chunk?.type !== 'chunk' || scripts.has(file)) return;
        scripts.add(file);
        for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
        chunk.imports.forEach(visit);
      };
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk' && !chunk.isEntry && chunk.facadeModuleId?.endsWith(`/${DRAWN_LATER}`)) visit(chunk.fileName);
      const named = (file: string): boolean => page.includes(`"./${file}"`);
      const tags = [
        ...[...scripts].filter((file) => !named(file)).map((file) => `<link rel="modulepreload" crossorigin href="./${file}">`),
        // Fetched, not applied: a stylesheet in the page would hold the entry's script until it loaded; the import applies it.
        ...[...styles].filter((file) => !named(file)).map((file) => `<link rel="preload" as="style" crossorigin href="./${file}">`),
      ];
      if (tags.length > 0) html.source = page.replace('</head>', `  ${tags.join('\n    ')}\n  </head>`);
    },
  };
}

export function surfaceConfig(surface: string): UserConfig {
  if (!surfaces().includes(surface)) throw new Error(`unknown surface '${surface}' (surfaces: ${surfaces().join(', ')})`);
  return {
    root: join(FRONTEND_DIR, surface),
    base: './',
    publicDir: false,
    plugins: [preloadDrawnLater()],
    resolve: {
      // Atlassian's feature-gate client is never initialised in a Forge iframe (every gate is off): a stub that says so
      // instead of the Statsig SDK. See src/frontend/shared/feature-gates-off.ts.
      alias: { '@atlaskit/feature-gate-js-client/feature-gates': join(FRONTEND_DIR, 'shared', 'feature-gates-off.ts') },
    },
    // React 17+ JSX runtime, as tsconfig's "jsx": "react-jsx".
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    build: {
      outDir: join(STATIC_DIR, surface),
      emptyOutDir: true,
      // Browsers Jira Cloud supports.
      target: 'es2022',
      // No source maps in the resource: Forge serves every file in the folder.
      sourcemap: false,
      // The build script reports raw and gzip sizes per surface and enforces gzip budgets instead.
      reportCompressedSize: false,
      chunkSizeWarningLimit: 1000,
      rolldownOptions: {
        output: {
          // zod with the surfaces' jitless setting, in a chunk of their own that every other chunk imports: zod decides
          // whether to compile a schema when the schema is built, so the setting must run before any module that builds
          // one, and with parts of a surface loaded on demand those modules sit in a chunk shared with the entry.
          codeSplitting: { groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]zod-jitless\.ts$/ }] },
        },
      },
    },
  };
}

export default defineConfig(() => {
  const surface = process.env['KTLO_SURFACE'];
  if (!surface) throw new Error(`set KTLO_SURFACE to one of: ${surfaces().join(', ')} (or run npm run build for all)`);
  return surfaceConfig(surface);
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { capacityRoutes, issuePanelRoutes, SURFACE_ROUTES } from '../../src/contracts/routes';
import { SurfaceResolver } from '../../src/resolvers/common';
import * as app from '../../src/index';

/**
 * The route table (src/contracts/routes.ts) is the only place a resolver key, payload or answer is spelt: the
 * resolvers and the Custom UI use its routes, no schema lives in src/resolvers or src/frontend, each route is answered
 * by exactly one surface's resolver, and the UI reads an error's fields, never its sentence.
 */

const ROOT = join(__dirname, '../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

const routes = Object.entries(SURFACE_ROUTES).flatMap(([surface, group]) => Object.values(group).map((route) => ({ surface, route })));
const keys = routes.map(({ route }) => route.key);

/** `z.object(`, `z.looseObject(`, `z.string()` ...: a zod schema being built. */
const SCHEMA = /\bz\s*\.\s*(object|looseObject|strictObject|array|union|discriminatedUnion|string|number|boolean|enum|literal|record|tuple|unknown|any|lazy|intersection|coerce)\s*\(/;
/** Parsing an error's sentence back into fields: a regular expression or a split over a `message`. */
const MESSAGE_PARSING = /message[\w?.!\]]*\s*\.\s*(match|matchAll|replace|replaceAll|split|search)\s*\(|\.(exec|test)\(\s*[\w.?]*message/i;

function offenders(dir: string, pattern: (text: string) => boolean): string[] {
  return sources(dir).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern(line) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

it('every route has its own key', () => {
  expect(keys.length).toBeGreaterThan(0);
  expect(new Set(keys).size).toBe(keys.length);
});

it('no source outside the route table spells a resolver key', () => {
  const table = join(SRC, 'contracts/routes.ts');
  const found = sources(SRC)
    .filter((file) => file !== table)
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return keys.filter((key) => ['"', "'", '`'].some((q) => text.includes(`${q}${key}${q}`))).map((key) => `${relative(ROOT, file)}: '${key}'`);
    });
  expect(found).toEqual([]);
});

it.each(['resolvers', 'frontend'])('src/%s builds no zod schema: its schemas live in src/contracts', (folder) => {
  expect(offenders(join(SRC, folder), (line) => SCHEMA.test(line))).toEqual([]);
});

it('the UI never parses an error message back into fields', () => {
  expect(offenders(join(SRC, 'frontend'), (line) => MESSAGE_PARSING.test(line))).toEqual([]);
});

it('the checks themselves catch what they look for', () => {
  expect(SCHEMA.test("const s = z.looseObject({ a: z.string() });")).toBe(true);
  expect(SCHEMA.test("import type { z } from 'zod';")).toBe(false);
  expect(MESSAGE_PARSING.test("const body = message.replace(/^invalid [\\w ]+?:\\s*/i, '');")).toBe(true);
  expect(MESSAGE_PARSING.test('const fields = answer.error.message.split(/;\\s*/);')).toBe(true);
  expect(MESSAGE_PARSING.test('const match = /^([\\w.]+):\\s*(.+)$/.exec(message);')).toBe(true);
  expect(MESSAGE_PARSING.test("const key = path.map(String).join('.');")).toBe(false);
});

const manifest = z.looseObject({ modules: z.record(z.string(), z.unknown()) }).parse(parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')));
const withResolver = z.looseObject({ resolver: z.looseObject({ function: z.string() }) });
const resolverFunctions = new Set(
  Object.values(manifest.modules)
    .flatMap((list) => z.array(z.unknown()).safeParse(list).data ?? [])
    .flatMap((module) => withResolver.safeParse(module).data?.resolver.function ?? []),
);
const functions = z.array(z.looseObject({ key: z.string(), handler: z.string() })).parse(manifest.modules['function']);
const handlers = new Map(functions.map((f) => [f.key, f.handler.replace(/^index\./, '')]));

it("the manifest's resolver functions are exactly the surfaces of the route table", () => {
  expect([...resolverFunctions].sort()).toEqual(Object.keys(SURFACE_ROUTES).sort());
});

/** A surface's resolver, as manifest.yml names it. */
function resolverOf(surface: string): (event: unknown, runtime: unknown) => Promise<unknown> {
  const name = handlers.get(surface);
  const handler: unknown = name === undefined ? undefined : (app as Record<string, unknown>)[name];
  if (typeof handler !== 'function') throw new Error(`manifest.yml's ${surface} names no handler of src/index.ts`);
  return handler as (event: unknown, runtime: unknown) => Promise<unknown>;
}

it.each(routes.map(({ surface, route }) => [route.key, surface] as const))('%s is answered by %s alone', async (key, surface) => {
  // Each surface's module loaded, so each has a handler for every one of its routes and none for another's
  // (SurfaceResolver refuses both when the module loads); no other surface's resolver knows this key.
  expect(resolverOf(surface)).toBeInstanceOf(Function);
  for (const other of Object.keys(SURFACE_ROUTES).filter((s) => s !== surface)) {
    const answer = await resolverOf(other)({ call: { functionKey: key, payload: {} }, context: {} }, {});
    expect({ other, answer }).toEqual({ other, answer: { ok: false, error: { code: 'NOT_FOUND', message: expect.any(String) } } });
  }
});

it('a surface resolver refuses a route of another surface, a second handler, and a route left without one', () => {
  const handler = () => Promise.resolve({ revision: 1 });
  expect(() => new SurfaceResolver(issuePanelRoutes).define(capacityRoutes.saveBoardSettings, handler)).toThrow('capacity/saveBoardSettings is not a route of this surface');
  const twice = new SurfaceResolver(capacityRoutes).define(capacityRoutes.saveBoardSettings, handler);
  expect(() => twice.define(capacityRoutes.saveBoardSettings, handler)).toThrow('capacity/saveBoardSettings has a handler already');
  const unhandled = Object.values(capacityRoutes).filter((r) => r !== capacityRoutes.saveBoardSettings).map((r) => r.key);
  expect(unhandled).toContain('capacity/load');
  expect(() => twice.getDefinitions()).toThrow(`No handler for ${unhandled.join(', ')}.`);
});

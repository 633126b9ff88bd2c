import { ManifestParserBuilder, validateTriggerScopes, type ManifestSchema } from '@forge/manifest';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import ts from 'typescript';
import { z } from 'zod';
import { appSources, openApiDir, REPO_DIR } from './paths';

/**
 * Derives the OAuth scopes manifest.yml must declare, from what the code does rather than from memory:
 * - every Jira REST call in src/ (a `jiraPath` template, src/jira/path.ts, where the client sends it; a `route` template; or a
 *   literal path given to `requestJira`), matched to its operation in
 *   the official OpenAPI documents as the project's supplement brings them up to date, contributes the OAuth2 scopes of
 *   that operation's `security` (and scopes announced in its description, ANNOUNCED_SCOPES);
 * - `@forge/kvs` needs `storage:app`;
 * - each product event the manifest's triggers subscribe to needs the scopes @forge/manifest's trigger validator asks for.
 * @forge/lint cannot do the first part for this app: it only sees `requestJira(route`...`)` written in one expression,
 * while the client builds routes in one place and sends them through a retrying helper. The same client runs in the browser
 * (over @forge/bridge), so the views' reads are derived from the same templates.
 */

/** Template tags that build a Jira path: @forge/api's `route` and the app's transport-neutral `jiraPath`. */
const PATH_TAGS = new Set(['route', 'jiraPath']);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The OpenAPI documents of the Jira products this app calls (platform `/rest/api/3`, Jira Software `/rest/agile/1.0`). */
export const JIRA_DOCUMENTS = ['jira-platform.v3.json', 'jira-software.v3.json'] as const;

/**
 * The project's own supplement to those copies (the Jira Software one is from 2023): the enhanced `/rest/software/1.0`
 * issue lists, the deprecation of the agile 1.0 issue lists they replace, current bulkfetch limits, each with its
 * source. Where it documents an operation the copies also have, its version is the current one and replaces theirs.
 */
export function supplementFile(repoDir: string = REPO_DIR): string {
  return join(repoDir, 'spec', 'jira-software-enhanced.json');
}

/**
 * Scopes Atlassian has announced in an operation's description before its `security` lists them. The "Work category"
 * write, POST /rest/api/3/app/field/value, documents no OAuth2 scope but says: "The new `write:app-data:jira` OAuth
 * scope is 100% optional now, and not using it won't break your app. However, we recommend adding it to your app's
 * scope list because we will eventually make it mandatory." Declared now, because adding a scope later is a major
 * version that every site's admin must consent to again. Taken only while the description still says so.
 */
const ANNOUNCED_SCOPES: ReadonlyArray<{ method: HttpMethod; template: string; scope: string }> = [
  { method: 'POST', template: '/rest/api/3/app/field/value', scope: 'write:app-data:jira' },
];

/** Stands for an interpolated value in a normalised call path. */
const PLACEHOLDER = '{}';

export interface JiraCall {
  file: string;
  line: number;
  method: HttpMethod;
  /** Path without query, each interpolation replaced by `{}`: `/rest/agile/1.0/board/{}/sprint`. */
  path: string;
}

export interface SourceFacts {
  calls: JiraCall[];
  /** Module specifiers the file imports (other than for types only) or requires. */
  imports: string[];
  /** Calls whose method or path cannot be read from the source. */
  problems: string[];
}

function isHttpMethod(value: string): value is HttpMethod {
  return (METHODS as readonly string[]).includes(value);
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/** The path part of a route or URL literal, interpolations as `{}`. */
function literalPath(literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  const text = ts.isTemplateExpression(literal)
    ? literal.head.text + literal.templateSpans.map((span) => PLACEHOLDER + span.literal.text).join('')
    : literal.text;
  const path = text.split(/[?#]/)[0] ?? text;
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function isPathLiteral(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
}

/**
 * The HTTP method of the call a route is passed to: the helper's name (`this.get`, `this.post`), else a literal `method`
 * in an options object (`requestNoContent(..., { method: 'POST' })`, `requestJira(route, { method })`), else GET for a
 * bare `requestJira` (fetch's default). Returns the method, or why it cannot be read.
 */
function methodOf(call: ts.CallExpression): string {
  const name = calleeName(call);
  const verb = name?.toUpperCase();
  if (verb !== undefined && isHttpMethod(verb)) return verb;
  let spread = false;
  for (const arg of call.arguments) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const prop of arg.properties) {
      spread ||= ts.isSpreadAssignment(prop);
      const key = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
      if (key !== 'method') continue;
      if (!ts.isPropertyAssignment(prop) || !ts.isStringLiteral(prop.initializer)) return 'its `method` is not a string literal';
      const method = prop.initializer.text.toUpperCase();
      return isHttpMethod(method) ? method : `unknown method '${prop.initializer.text}'`;
    }
  }
  if (spread) return 'its options are spread in, so the HTTP method cannot be read';
  if (name === 'requestJira') return 'GET';
  return `cannot tell the HTTP method of a route passed to ${name ?? 'this call'}()`;
}

/**
 * `assumeTrustedRoute(path.value)`: the Forge transport handing on a path `jiraPath` built, whose template the derivation
 * has read where the client wrote it. Anything else given to it (a concatenated string) hides a path.
 */
function isJiraPathValue(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'value' && ts.isIdentifier(node.expression);
}

/** Jira calls and imports of one source file. */
export function analyseSource(file: string, text: string): SourceFacts {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const facts: SourceFacts = { calls: [], imports: [], problems: [] };
  const lineOf = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;

  const addCall = (routeNode: ts.Node, literal: Parameters<typeof literalPath>[0]): void => {
    const line = lineOf(routeNode);
    const call = routeNode.parent;
    if (!ts.isCallExpression(call) || !call.arguments.some((arg) => arg === routeNode)) {
      facts.problems.push(`${file}:${line}: route is not passed straight to a call, so its HTTP method cannot be read`);
      return;
    }
    const method = methodOf(call);
    const path = literalPath(literal);
    if (!isHttpMethod(method)) facts.problems.push(`${file}:${line}: ${method}`);
    else if (!path.startsWith('/')) facts.problems.push(`${file}:${line}: path '${path}' does not start with '/'`);
    else facts.calls.push({ file, line, method, path });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause?.isTypeOnly !== true) {
      facts.imports.push(node.moduleSpecifier.text);
    } else if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && PATH_TAGS.has(node.tag.text)) {
      addCall(node, node.template);
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const [first] = node.arguments;
      if ((name === 'require' || node.expression.kind === ts.SyntaxKind.ImportKeyword) && first && ts.isStringLiteral(first)) {
        facts.imports.push(first.text);
      } else if (name === 'requestJira' && first && isPathLiteral(first)) {
        // @forge/bridge's requestJira takes a plain path string.
        addCall(first, first);
      } else if (name === 'assumeTrustedRoute' && !(first && isJiraPathValue(first))) {
        facts.problems.push(`${file}:${lineOf(node)}: assumeTrustedRoute hides the path from scope derivation; use jiraPath\`...\` or route\`...\``);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return facts;
}

const securitySchema = z.array(z.record(z.string(), z.array(z.string())));
const operationSchema = z.object({
  operationId: z.string().optional(),
  security: securitySchema.optional(),
  description: z.string().optional(),
  deprecated: z.boolean().optional(),
});
const documentSchema = z.object({
  security: securitySchema.optional(),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export interface Operation {
  document: string;
  method: HttpMethod;
  /** The documented path template: `/rest/agile/1.0/board/{boardId}/sprint`. */
  template: string;
  operationId: string | undefined;
  /** OAuth2 scopes from the operation's `security`; null when it documents no OAuth2 access at all. */
  scopes: string[] | null;
  /** Scopes announced in the description ahead of `security` (ANNOUNCED_SCOPES). */
  announced: string[];
  /** Marked `deprecated: true`: the app must not call it. */
  deprecated: boolean;
  /** Matches normalised call paths. */
  pattern: RegExp;
  /** Number of path parameters: of two matching templates, the one with fewer is the more specific. */
  params: number;
}

function templatePattern(template: string): RegExp {
  const parts = template.split(/(\{[^}]*\})/).filter((part) => part !== '');
  const body = parts.map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/**
 * OAuth2 scopes of one operation. Each `security` entry is an alternative way in; Forge apps come in through OAuth2, and
 * like @forge/lint this takes every OAuth2 entry's scopes (the documents have at most one per operation).
 */
function oauthScopes(security: z.infer<typeof securitySchema>): string[] | null {
  const entries = security.filter((entry) => 'OAuth2' in entry);
  return entries.length === 0 ? null : [...new Set(entries.flatMap((entry) => entry.OAuth2 ?? []))];
}

function documentOperations(document: string, path: string): Operation[] {
  const spec = documentSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    const pattern = templatePattern(template);
    const params = (template.match(/\{/g) ?? []).length;
    for (const [key, value] of Object.entries(item)) {
      const method = key.toUpperCase();
      if (!isHttpMethod(method)) continue;
      const op = operationSchema.parse(value);
      const security = op.security ?? spec.security ?? [];
      const announced = ANNOUNCED_SCOPES.filter((a) => a.method === method && a.template === template && op.description?.includes(`\`${a.scope}\``) === true).map((a) => a.scope);
      operations.push({ document, method, template, operationId: op.operationId, scopes: oauthScopes(security), announced, deprecated: op.deprecated === true, pattern, params });
    }
  }
  return operations;
}

/** Every operation of the Jira OpenAPI documents, the supplement's replacing the copies' where both document one. */
export function loadOperations(dir: string = openApiDir(), supplement: string = supplementFile()): Operation[] {
  const current = documentOperations(basename(supplement), supplement);
  const replaced = new Set(current.map((op) => `${op.method} ${op.template}`));
  const copies = JIRA_DOCUMENTS.flatMap((document) => documentOperations(document, join(dir, document)));
  return [...copies.filter((op) => !replaced.has(`${op.method} ${op.template}`)), ...current];
}

/** The documented operation a call makes, or why there is none. */
export function matchOperation(operations: readonly Operation[], call: Pick<JiraCall, 'method' | 'path'>): Operation | string {
  const onPath = operations.filter((op) => op.pattern.test(call.path));
  if (onPath.length === 0) return `no documented Jira path matches ${call.path}`;
  const candidates = onPath.filter((op) => op.method === call.method).sort((a, b) => a.params - b.params || a.template.localeCompare(b.template));
  const [best] = candidates;
  if (!best) return `${[...new Set(onPath.map((op) => op.template))].join(', ')} has no documented ${call.method} operation`;
  return best;
}

export interface ResolvedCall extends JiraCall {
  operation: Operation;
}

export interface ScopeDerivation {
  /** The scopes manifest.yml should declare, sorted. */
  scopes: string[];
  /** What needs each scope. */
  reasons: Map<string, string[]>;
  calls: ResolvedCall[];
  /** Calls that could not be read or match no documented operation: the derivation is incomplete while any remain. */
  problems: string[];
}

export function readManifest(repoDir: string = REPO_DIR): ManifestSchema {
  const filePath = join(repoDir, 'manifest.yml');
  return new ManifestParserBuilder().withInterpolators().build().parseManifest({ content: readFileSync(filePath, 'utf8'), filePath });
}

/** permissions.scopes of manifest.yml (a list, or a map keyed by scope). */
export function declaredScopes(manifest: ManifestSchema): string[] {
  const scopes = manifest.permissions?.scopes ?? [];
  return Array.isArray(scopes) ? [...scopes] : Object.keys(scopes);
}

export async function deriveScopes(repoDir: string = REPO_DIR, specDir: string = openApiDir(repoDir)): Promise<ScopeDerivation> {
  const reasons = new Map<string, string[]>();
  const need = (scope: string, why: string): void => {
    reasons.set(scope, [...(reasons.get(scope) ?? []), why]);
  };
  const operations = loadOperations(specDir, supplementFile(repoDir));
  const calls: ResolvedCall[] = [];
  const problems: string[] = [];
  const kvsUsers: string[] = [];

  for (const file of appSources(repoDir)) {
    const facts = analyseSource(file, readFileSync(join(repoDir, file), 'utf8'));
    problems.push(...facts.problems);
    if (facts.imports.includes('@forge/kvs')) kvsUsers.push(file);
    for (const call of facts.calls) {
      const where = `${call.file}:${call.line}`;
      const operation = matchOperation(operations, call);
      if (typeof operation === 'string') {
        problems.push(`${where}: ${call.method} ${call.path}: ${operation}`);
        continue;
      }
      if (operation.scopes === null) {
        problems.push(`${where}: ${call.method} ${operation.template} documents no OAuth2 access in ${operation.document}`);
        continue;
      }
      calls.push({ ...call, operation });
      for (const scope of operation.scopes) need(scope, `${call.method} ${operation.template} (${where})`);
      for (const scope of operation.announced) need(scope, `${call.method} ${operation.template} (${where}; announced in its description: optional now, mandatory later)`);
    }
  }

  if (kvsUsers.length > 0) need('storage:app', `@forge/kvs (${kvsUsers.join(', ')})`);

  for (const trigger of readManifest(repoDir).modules?.trigger ?? []) {
    for (const subscription of trigger.events) {
      const event = typeof subscription === 'string' ? subscription : subscription.eventType;
      // @forge/manifest's validator is satisfied by the classic ("current") scopes, which the events reference lists first.
      const { requiredScopes } = await validateTriggerScopes(event, []);
      for (const scope of requiredScopes?.current ?? []) need(scope, `trigger ${trigger.key}: ${event}`);
    }
  }

  return { scopes: [...reasons.keys()].sort(), reasons, calls, problems };
}

export interface ScopeDiff {
  /** Needed but not declared, each with what needs it. */
  missing: string[];
  /** Declared but needed by nothing. */
  unused: string[];
}

export function compareScopes(declared: readonly string[], derivation: Pick<ScopeDerivation, 'scopes' | 'reasons'>): ScopeDiff {
  return {
    missing: derivation.scopes.filter((s) => !declared.includes(s)).map((s) => `${s}: ${(derivation.reasons.get(s) ?? []).join('; ')}`),
    unused: declared.filter((s) => !derivation.scopes.includes(s)).sort(),
  };
}

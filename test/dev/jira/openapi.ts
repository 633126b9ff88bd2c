import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { REPO_ROOT, SHARED_DIR } from './support';

/**
 * Validators for the response schemas of an OpenAPI document, with $refs resolved by Ajv: Atlassian's published platform
 * document (../shared/jira-openapi) and our supplement of the enhanced Jira Software operations (spec/). Formats are
 * checked; `date-time` accepts Jira's own `+0000` offsets, which it really sends.
 */

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Points the document's local refs at the registered document, so a schema taken out of it still resolves them. */
function rebase(id: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => rebase(id, v));
  return isObject(value) ? rebaseObject(id, value) : value;
}

function rebaseObject(id: string, value: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${id}${v}` : rebase(id, v)]));
}

function child(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return current;
}

export class OpenApiSpec {
  private readonly ajv: Ajv;
  readonly spec: JsonObject;

  constructor(
    file: string,
    private readonly id: string,
  ) {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isObject(parsed)) throw new Error(`${file} is not an object`);
    this.spec = parsed;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    const jiraDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
    this.ajv.addFormat('date-time', jiraDateTime);
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('uri', (s: string) => URL.canParse(s));
    this.ajv.addFormat('url', (s: string) => URL.canParse(s));
    this.ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    this.ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    for (const name of ['byte', 'binary']) this.ajv.addFormat(name, true);
    this.ajv.addSchema({ $id: id, components: child(parsed, 'components') }, id);
  }

  /** The validator of an operation's JSON response, e.g. ('post', '/rest/api/3/search/jql', '200'). */
  response(method: string, apiPath: string, status: string): ValidateFunction {
    const schema = child(this.spec, 'paths', apiPath, method, 'responses', status, 'content', 'application/json', 'schema');
    if (!isObject(schema)) throw new Error(`no JSON response schema for ${method.toUpperCase()} ${apiPath} ${status}`);
    return this.ajv.compile(rebaseObject(this.id, schema));
  }

  /** The validator of an operation's JSON request body. */
  request(method: string, apiPath: string): ValidateFunction {
    const schema = child(this.spec, 'paths', apiPath, method, 'requestBody', 'content', 'application/json', 'schema');
    if (!isObject(schema)) throw new Error(`no JSON request schema for ${method.toUpperCase()} ${apiPath}`);
    return this.ajv.compile(rebaseObject(this.id, schema));
  }

  /** The validator of a named component schema (IssueBean, StatusDetails, ErrorCollection, ...). */
  component(name: string): ValidateFunction {
    const found = this.ajv.getSchema(`${this.id}#/components/schemas/${name}`);
    if (!found) throw new Error(`no component schema ${name}`);
    return found;
  }
}

/** Atlassian's platform document (December 2025 copy). */
export function platformSpec(): OpenApiSpec {
  return new OpenApiSpec(path.join(SHARED_DIR, 'jira-openapi', 'jira-platform.v3.json'), 'jira-platform');
}

/** Our supplement: the enhanced Jira Software operations, the agile deprecations, bulkfetch's current limits. */
export function supplementSpec(): OpenApiSpec {
  return new OpenApiSpec(path.join(REPO_ROOT, 'spec', 'jira-software-enhanced.json'), 'jira-software-enhanced');
}

/** Fails with Ajv's errors, so a mismatch names the property that drifted. */
export function expectValid(validate: ValidateFunction, data: unknown, what: string): void {
  if (!validate(data)) throw new Error(`${what} does not match the Jira schema:\n${JSON.stringify(validate.errors, null, 2)}`);
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The Custom UI modules of manifest.yml, read as data: every module with a `resource` is a surface the local host can
 * frame, so a new module appears on the host page without code changes. `contextKind` says what the host must ask for
 * to build the module's `context.extension` as Jira would.
 */

export type ContextKind = 'issue' | 'sprint' | 'board' | 'project' | 'none';

export interface UiModule {
  key: string;
  type: string;
  title: string;
  resource: string;
  /** The resource's folder, relative to the project root (e.g. static/issue-panel). */
  resourcePath: string;
  resolverFunction: string | null;
  dynamicPropertiesFunction: string | null;
  contextKind: ContextKind;
  /** jira:projectPage: the board is optional context (Jira Software projects). */
  optionalBoard: boolean;
}

export interface HostManifest {
  modules: UiModule[];
  /** Function key -> the src/index.ts export it names. */
  handlers: Map<string, string>;
  /** permissions.content.styles includes 'unsafe-inline'. */
  inlineStyles: boolean;
  /** Functions of trigger modules that listen to avi:forge:installed:app (what Jira runs once on install). */
  installFunctions: string[];
  /** permissions.content.scripts includes 'unsafe-inline' / 'unsafe-eval' (Forge allows those two). */
  scriptKeywords: string[];
}

const moduleSchema = z.looseObject({
  key: z.string(),
  title: z.union([z.string(), z.looseObject({})]).optional(),
  label: z.union([z.string(), z.looseObject({})]).optional(),
  resource: z.string().optional(),
  resolver: z.looseObject({ function: z.string().optional() }).optional(),
  dynamicProperties: z.looseObject({ function: z.string() }).optional(),
});

const manifestSchema = z.looseObject({
  modules: z.record(z.string(), z.unknown()),
  resources: z.array(z.looseObject({ key: z.string(), path: z.string() })).optional(),
  permissions: z
    .looseObject({ content: z.looseObject({ styles: z.array(z.string()).optional(), scripts: z.array(z.string()).optional() }).optional() })
    .optional(),
});

export function contextKindOf(type: string): ContextKind {
  if (/^jira:issue/.test(type)) return 'issue';
  if (type === 'jira:sprintAction') return 'sprint';
  if (type === 'jira:backlogAction' || type === 'jira:boardAction') return 'board';
  if (type === 'jira:projectPage' || type === 'jira:projectSettingsPage') return 'project';
  return 'none';
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'string') return value.value;
  return undefined;
}

export function readHostManifest(file: string): HostManifest {
  const manifest = manifestSchema.parse(parse(readFileSync(file, 'utf8')));
  const resources = new Map((manifest.resources ?? []).map((r) => [r.key, r.path]));
  const modules: UiModule[] = [];
  const handlers = new Map<string, string>();
  const installFunctions: string[] = [];
  for (const [type, list] of Object.entries(manifest.modules)) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (type === 'trigger') {
        const trigger = z.looseObject({ function: z.string(), events: z.array(z.string()) }).safeParse(raw);
        if (trigger.success && trigger.data.events.includes('avi:forge:installed:app')) installFunctions.push(trigger.data.function);
        continue;
      }
      if (type === 'function') {
        const fn = z.looseObject({ key: z.string(), handler: z.string() }).safeParse(raw);
        if (fn.success) handlers.set(fn.data.key, fn.data.handler.replace(/^index\./, ''));
        continue;
      }
      const parsed = moduleSchema.safeParse(raw);
      if (!parsed.success || !parsed.data.resource) continue;
      const m = parsed.data;
      const resourcePath = resources.get(m.resource ?? '');
      if (!resourcePath) continue;
      modules.push({
        key: m.key,
        type,
        title: text(m.title) ?? text(m.label) ?? m.key,
        resource: m.resource ?? '',
        resourcePath,
        resolverFunction: m.resolver?.function ?? null,
        dynamicPropertiesFunction: m.dynamicProperties?.function ?? null,
        contextKind: contextKindOf(type),
        optionalBoard: type === 'jira:projectPage',
      });
    }
  }
  const content = manifest.permissions?.content;
  return {
    modules,
    handlers,
    installFunctions,
    inlineStyles: (content?.styles ?? []).includes('unsafe-inline'),
    scriptKeywords: (content?.scripts ?? []).filter((s) => s === 'unsafe-inline' || s === 'unsafe-eval'),
  };
}

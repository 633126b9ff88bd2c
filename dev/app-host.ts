import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import * as app from '../src/index';
import { envelopeSchema } from '../src/contracts/envelope';
import { routeOf } from '../src/contracts/routes';
import { describeIssues } from '../src/domain/config';
import { startJiraServer, type JiraServer, type JiraServerOptions } from './jira/server';
import { APP_ACCOUNT_ID } from './jira/site-model';
import { entityDeclarationSchema, LocalForge, type LocalForgeOptions, type ResolverHandler } from './runtime';

/**
 * The app as Forge would run it, on this machine: the handlers src/index.ts exports, bound to the functions, triggers
 * and consumer manifest.yml declares, inside the local Forge runtime, talking to the Jira-compatible server. Tests
 * and the local host set up their world here, in one place.
 */

const manifestSchema = z.looseObject({
  modules: z.looseObject({
    function: z.array(z.looseObject({ key: z.string(), handler: z.string(), timeoutSeconds: z.number().optional() })),
    consumer: z.array(z.looseObject({ key: z.string(), queue: z.string(), function: z.string() })).optional(),
    scheduledTrigger: z.array(z.looseObject({ key: z.string(), function: z.string() })).optional(),
  }),
  app: z.looseObject({ storage: z.looseObject({ entities: z.array(entityDeclarationSchema) }).optional() }),
});

type Handler = (event: never, context: never) => unknown;

function exportedHandler(name: string): Handler {
  const handler: unknown = (app as Record<string, unknown>)[name];
  if (typeof handler !== 'function') throw new Error(`manifest.yml names index.${name}, which src/index.ts does not export`);
  return handler as Handler;
}

export interface Caller {
  accountId: string | null;
  extension: Record<string, unknown>;
  moduleKey?: string;
  /** A shorter resolver timeout than the platform's 25 s, for tests of deadline behaviour. */
  timeoutSeconds?: number;
}

export interface AppHost {
  jira: JiraServer;
  forge: LocalForge;
  /** Calls a resolver function of the manifest (e.g. 'issue-panel-resolver') as the bridge's invoke() would. */
  resolve(functionKey: string, resolverKey: string, payload: unknown, caller: Caller): Promise<unknown>;
  /** Invokes a trigger, scheduled or lifecycle function of the manifest with an event. */
  trigger(functionKey: string, event: unknown, principal?: string | null): Promise<unknown>;
  close(): Promise<void>;
}

export interface AppHostOptions {
  jira?: JiraServerOptions;
  storageFile?: string;
  app?: LocalForgeOptions['app'];
  /** Latency of every KVS call (off by default), to let concurrent invocations interleave as they do on Forge. */
  kvsLatency?: LocalForgeOptions['kvsLatency'];
  queue?: LocalForgeOptions['queue'];
}

export async function startAppHost(options: AppHostOptions = {}): Promise<AppHost> {
  const manifest = manifestSchema.parse(parse(readFileSync(join(__dirname, '..', 'manifest.yml'), 'utf8')));
  const functions = new Map(manifest.modules.function.map((f) => [f.key, { handler: exportedHandler(f.handler.replace(/^index\./, '')), timeoutSeconds: f.timeoutSeconds }]));
  const fn = (key: string) => {
    const found = functions.get(key);
    if (!found) throw new Error(`manifest.yml has no function '${key}'`);
    return found;
  };
  const scheduled = new Set((manifest.modules.scheduledTrigger ?? []).map((t) => t.function));
  const jira = await startJiraServer(options.jira);
  // Every call of the app's functions, as itself or for a user, is the app's: it spends the app's points quota.
  const forge: LocalForge = new LocalForge({
    baseUrl: jira.url,
    authorization: (principal) => jira.authorizationFor(principal.kind === 'app' ? APP_ACCOUNT_ID : principal.accountId, forge.identity.appId),
    ...(options.storageFile ? { storageFile: options.storageFile } : {}),
    ...(options.app ? { app: options.app } : {}),
    ...(options.kvsLatency ? { kvsLatency: options.kvsLatency } : {}),
    entities: manifest.app.storage?.entities ?? [],
    ...(options.queue ? { queue: options.queue } : {}),
  }).install();
  for (const consumer of manifest.modules.consumer ?? []) {
    const { handler, timeoutSeconds } = fn(consumer.function);
    forge.registerConsumer(consumer.queue, handler as Parameters<LocalForge['registerConsumer']>[1], {
      functionKey: consumer.function,
      moduleKey: consumer.key,
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    });
  }
  return {
    jira,
    forge,
    resolve: async (functionKey, resolverKey, payload, caller) => {
      const answer = await forge.invokeResolver(fn(functionKey).handler as ResolverHandler, {
        functionKey: resolverKey,
        payload,
        context: { accountId: caller.accountId, moduleKey: caller.moduleKey ?? functionKey, extension: caller.extension },
        ...(caller.timeoutSeconds === undefined ? {} : { timeoutSeconds: caller.timeoutSeconds }),
      });
      // What a route answers must be of its contract's shape, as the Custom UI parses it: a test of any route checks it.
      const route = routeOf(resolverKey);
      const checked = route ? envelopeSchema(route.answer).safeParse(answer) : null;
      if (checked && !checked.success) throw new Error(`'${resolverKey}' answered outside its contract: ${describeIssues(checked.error.issues.slice(0, 3))}`);
      return answer;
    },
    trigger: (functionKey, event, principal = null) => {
      const { handler, timeoutSeconds } = fn(functionKey);
      return forge.invoke(handler as (e: unknown) => unknown, event, {
        kind: scheduled.has(functionKey) ? 'scheduled' : 'trigger',
        principal: principal === null ? null : { accountId: principal },
        functionKey,
        ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      });
    },
    close: async () => {
      // Let queued work finish against the server before it goes away.
      await forge.drainQueues();
      forge.dispose();
      await jira.close();
    },
  };
}

/** The local Forge runtime: the SDK's globals, invocations, storage and queues, for tests and `npm start`. */
export { type AppIdentity, DEFAULT_IDENTITY, type PlatformContext } from './app-identity';
export { installForgeGlobals } from './forge-globals';
export { InvocationTimeoutError, type InvocationKind, type Principal } from './invocation';
export type { JiraPrincipal } from './jira-proxy';
export { type EntityDeclaration, entityDeclarationSchema } from './kvs/kvs-entities';
export { KVS_ERROR } from './kvs/kvs-errors';
export { INVOCATION_LIMITS, KVS_LIMITS, QUEUE_LIMITS } from './limits';
export {
  type InvokeOptions,
  LocalForge,
  type LocalForgeOptions,
  LocalForgeUnsupportedError,
  type ResolverCall,
  type ResolverEvent,
  type ResolverHandler,
} from './local-forge';
export type { ConsumerHandler, ConsumerOptions, DrainReport, FailedDelivery } from './queue/local-queues';

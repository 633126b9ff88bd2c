/** The local Forge host (`npm start`), importable so browser tests can start it in-process. */
export { startLocalHost, isWriteKey, WRITE_RESOLVER_KEYS, customUiCsp, type LocalHost, type LocalHostOptions, type RealSiteOptions, type HostUser } from './local-host';
export { readHostManifest, contextKindOf, type UiModule, type ContextKind } from './manifest-modules';

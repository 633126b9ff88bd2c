import type { ForgeRuntime } from '@forge/api';
import type { Principal } from './invocation';

export type ForgeLicense = ForgeRuntime['appContext']['license'];
export type ForgeInstallation = NonNullable<ForgeRuntime['appContext']['installation']>;

/** Who the app is and where it is installed: what the platform tells a function about itself. */
export interface AppIdentity {
  appId: string;
  appVersion: string;
  environmentId: string;
  environmentType: string;
  installationId: string;
  cloudId: string;
  siteUrl: string;
  license?: ForgeLicense;
  /** Where i18n resources are read from (`container.appCodeDir`). */
  appCodeDir?: string;
}

/** Local stand-ins; the app id is the one in manifest.yml. */
export const DEFAULT_IDENTITY: Omit<AppIdentity, 'siteUrl'> = {
  appId: '00000000-0000-0000-0000-000000000000',
  appVersion: '1.0.0',
  environmentId: 'local-development',
  environmentType: 'DEVELOPMENT',
  installationId: 'local-installation',
  cloudId: 'local-cloud',
};

export const contextAriOf = (identity: AppIdentity): string => `ari:cloud:jira::site/${identity.cloudId}`;

export function installationOf(identity: AppIdentity): ForgeInstallation {
  const installationAri = `ari:cloud:ecosystem::installation/${identity.installationId}`;
  const contextAri = contextAriOf(identity);
  return {
    ari: { installationId: identity.installationId, toString: () => installationAri, toJSON: () => installationAri },
    contexts: [{ cloudId: identity.cloudId, toString: () => contextAri }],
  };
}

/** The second argument Forge passes every function (function-reference__arguments): the trusted side of an invocation. */
export type PlatformContext = {
  installContext: string;
  principal?: Principal;
  license?: ForgeLicense;
  installation: ForgeInstallation;
};

export function platformContextOf(identity: AppIdentity, principal: Principal | null): PlatformContext {
  return {
    installContext: contextAriOf(identity),
    ...(principal ? { principal: { accountId: principal.accountId } } : {}),
    ...(identity.license ? { license: identity.license } : {}),
    installation: installationOf(identity),
  };
}

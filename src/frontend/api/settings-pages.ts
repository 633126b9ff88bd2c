import { router } from '@forge/bridge';

/**
 * Jira navigations to the app's settings pages, by module (the router's `module` target, documented for
 * jira:adminPage and, with the project's key, jira:projectSettingsPage): Jira builds the page's URL
 * (/jira/settings/apps/configure/{appId}/{envId}, /jira/software/projects/{key}/settings/apps/{appId}/{envId}), so the
 * surface needs neither id. Module keys as in manifest.yml.
 */

export const ADMIN_PAGE_MODULE = 'ktlo-settings';
export const PROJECT_SETTINGS_MODULE = 'ktlo-project-settings';

/** Opens the global settings (the admin page) in place of the current page. False when the host could not navigate. */
export async function openAdminSettings(): Promise<boolean> {
  try {
    await router.navigate({ target: 'module', moduleKey: ADMIN_PAGE_MODULE });
    return true;
  } catch {
    return false;
  }
}

/** Opens a project's KTLO Lens settings page in place of the current page. */
export async function openProjectSettings(projectKey: string): Promise<boolean> {
  try {
    await router.navigate({ target: 'module', moduleKey: PROJECT_SETTINGS_MODULE, projectKey });
    return true;
  } catch {
    return false;
  }
}

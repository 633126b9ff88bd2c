import type { Board, GlobalPermission, Issue, Project, ProjectPermission, Site, User } from './site-model';
import { findIssue, findProject } from './site-model';

/** Who may see and do what on the site: the same answers for search, the agile API, changelogs and /mypermissions. */

export type PermissionKey = GlobalPermission | ProjectPermission;

export interface PermissionInfo {
  id: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
}

/** Jira's ids, names and descriptions for the permission keys this site models (what /mypermissions reports). */
export const PERMISSIONS: Record<PermissionKey, PermissionInfo> = {
  ADMINISTER: { id: '0', name: 'Administer Jira', type: 'GLOBAL', description: 'Create and administer projects, issue types, fields, workflows, and schemes for all projects.' },
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', type: 'PROJECT', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', type: 'PROJECT', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', type: 'PROJECT', description: 'Ability to assign issues to other people.' },
  RESOLVE_ISSUES: { id: '14', name: 'Resolve Issues', type: 'PROJECT', description: 'Ability to resolve and reopen issues.' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', type: 'PROJECT', description: 'Ability to comment on issues.' },
  DELETE_ISSUES: { id: '16', name: 'Delete Issues', type: 'PROJECT', description: 'Ability to delete issues.' },
  ADMINISTER_PROJECTS: { id: '23', name: 'Administer Projects', type: 'PROJECT', description: 'Ability to administer a project in Jira.' },
  SCHEDULE_ISSUES: { id: '28', name: 'Schedule Issues', type: 'PROJECT', description: 'Ability to set and edit due dates.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', type: 'PROJECT', description: 'Ability to transition issues.' },
  MANAGE_SPRINTS_PERMISSION: { id: '10333', name: 'Manage sprints', type: 'PROJECT', description: 'Ability to manage sprints.' },
};

export function isPermissionKey(key: string): key is PermissionKey {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, key);
}

export function isApp(site: Site, user: User): boolean {
  return user.accountId === site.appAccountId;
}

export function hasGlobalPermission(user: User, permission: GlobalPermission): boolean {
  return user.globalPermissions.has(permission);
}

export function hasProjectPermission(site: Site, user: User, project: Project, permission: ProjectPermission): boolean {
  // A Forge app acting as itself is not limited by project roles: its scopes decide, and this app's scopes cover these calls.
  if (isApp(site, user)) return true;
  return project.access.get(user.accountId)?.has(permission) ?? false;
}

/** In the global context Jira reports a project permission as held when the user holds it in any project. */
export function hasPermissionAnywhere(site: Site, user: User, permission: ProjectPermission): boolean {
  return [...site.projects.values()].some((p) => hasProjectPermission(site, user, p, permission));
}

export function canBrowse(site: Site, user: User, project: Project): boolean {
  return hasProjectPermission(site, user, project, 'BROWSE_PROJECTS');
}

export function canBrowseIssue(site: Site, user: User, issue: Issue): boolean {
  const project = site.projects.get(issue.projectKey);
  return project !== undefined && canBrowse(site, user, project);
}

/** The issue if it exists and the user may browse it: Jira answers both cases alike, so callers cannot probe for keys. */
export function visibleIssue(site: Site, user: User, idOrKey: string): Issue | undefined {
  const issue = findIssue(site, idOrKey);
  return issue && canBrowseIssue(site, user, issue) ? issue : undefined;
}

/** A project by key or id, if the user may browse it. */
export function visibleProject(site: Site, user: User, keyOrId: string): Project | undefined {
  const project = findProject(site, keyOrId);
  return project && canBrowse(site, user, project) ? project : undefined;
}

/** A board is visible to whoever can browse the project it lives in (its filter is shared with that project). */
export function canViewBoard(site: Site, user: User, board: Board): boolean {
  const project = site.projects.get(board.projectKey);
  return project !== undefined && canBrowse(site, user, project);
}

/** Board administrators and Jira administrators may change a board's configuration. */
export function canEditBoard(site: Site, user: User, board: Board): boolean {
  return canViewBoard(site, user, board) && (board.admins.has(user.accountId) || hasGlobalPermission(user, 'ADMINISTER'));
}

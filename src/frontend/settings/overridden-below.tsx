import { Text } from '@atlaskit/primitives/compiled';
import type { FieldOverrides } from '../../contracts/resolvers';
import { listed } from '../shared/format';

/**
 * Beside a section of the admin page or a project's settings page: the projects and boards below that set their own
 * value of it, so whoever changes it here knows the change will not reach them.
 */

/** "Project WEB and board “OPS board” set their own reserved KTLO band, so a change here does not reach them." */
export function overridesSentence(overrides: FieldOverrides, what: string): string {
  const projects = overrides.projects.map((key) => `project ${key}`);
  const boards = overrides.boards.map((b) => (b.name === null ? `board ${b.id}` : `board “${b.name}”`));
  const who = listed([...projects, ...boards]);
  const one = projects.length + boards.length === 1;
  return `${who.charAt(0).toUpperCase()}${who.slice(1)} ${one ? 'sets its' : 'set their'} own ${what}, so a change here does not reach ${one ? 'it' : 'them'}.`;
}

export function OverriddenBelow({ overrides, what }: { overrides: FieldOverrides | undefined; what: string }) {
  if (!overrides) return null;
  return (
    <Text color="color.text.subtle" testId={`overridden-below-${overrides.field}`}>
      {overridesSentence(overrides, what)}
    </Text>
  );
}

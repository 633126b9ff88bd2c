import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * The Atlaskit Select labelled `label` (its chunk loads on demand, so this waits for the combobox), opened from the
 * keyboard as a viewer would: focus, Arrow Down.
 */
async function open(user: UserEvent, label: string | RegExp, scope: HTMLElement | undefined): Promise<void> {
  const combobox = await waitFor(() => {
    const found = (scope ? within(scope) : screen).getByLabelText(label);
    expect(found.getAttribute('role')).toBe('combobox');
    return found;
  });
  combobox.focus();
  await user.keyboard('{ArrowDown}');
  await screen.findByRole('listbox');
}

/** Picks the option named `option` in the Select labelled `label`. */
export async function pickOption(user: UserEvent, label: string | RegExp, option: string, scope?: HTMLElement): Promise<void> {
  await open(user, label, scope);
  await user.click(screen.getByRole('option', { name: option }));
}

/** The options the Select labelled `label` offers, in order (the menu is closed again with Escape). */
export async function optionsOf(user: UserEvent, label: string | RegExp, scope?: HTMLElement): Promise<string[]> {
  await open(user, label, scope);
  const names = screen.getAllByRole('option').map((o) => o.textContent ?? '');
  await user.keyboard('{Escape}');
  return names;
}

/** The choice the Select labelled `label` shows. */
export async function chosenIn(label: string | RegExp): Promise<string> {
  const combobox = await waitFor(() => {
    const found = screen.getByLabelText(label);
    expect(found.getAttribute('role')).toBe('combobox');
    return found;
  });
  const shown = combobox.closest('[data-testid$="-select--container"]')?.querySelector('[data-testid$="-select--value-container"]');
  return shown?.textContent ?? '';
}

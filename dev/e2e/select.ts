import type { FrameLocator } from 'playwright-core';

/**
 * Picks `option` in the Atlaskit Select labelled `label` inside a surface: the combobox is focused and opened with
 * Arrow Down (as from the keyboard), then the option is clicked. The Select's chunk loads on demand, so this waits
 * for the combobox first.
 */
export async function pickOption(frame: FrameLocator, label: string, option: string | RegExp): Promise<void> {
  const combobox = frame.getByRole('combobox', { name: label, exact: true });
  await combobox.focus();
  await combobox.press('ArrowDown');
  await frame.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** The choice the Select labelled `label` shows. */
export async function chosenIn(frame: FrameLocator, label: string): Promise<string> {
  const combobox = frame.getByRole('combobox', { name: label, exact: true });
  await combobox.waitFor();
  return combobox.evaluate((el) => el.closest('[data-testid$="-select--container"]')?.querySelector('[data-testid$="-select--value-container"]')?.textContent ?? '');
}

import { token } from '@atlaskit/tokens';
import { lazy, Suspense, type CSSProperties } from 'react';
import type { Choice } from './select-control';

/** @atlaskit/select weighs ~51 kB gzip with its styles (npm run build): it loads after the surface, so no surface first load carries it. */
const SelectControl = lazy(() => import('./select-control.js').then((m) => ({ default: m.SelectControl })));

export interface SelectPickerProps<T extends string | number> {
  inputId: string;
  options: readonly { value: T; label: string }[];
  value: T | null;
  onChange: (value: T) => void;
  testId: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
  searchable?: boolean;
  width?: string;
}

const fallbackStyle: CSSProperties = {
  font: token('font.body'),
  color: token('color.text.subtle'),
  backgroundColor: token('color.background.input'),
  border: `${token('border.width')} solid ${token('color.border.input')}`,
  borderRadius: token('radius.small'),
  padding: `${token('space.075')} ${token('space.100')}`,
  boxSizing: 'border-box',
  maxWidth: '100%',
};

/**
 * A picker of one value. Until the Select's chunk has arrived it shows the current choice as plain text in a box of
 * the same look, so nothing jumps and nothing can be picked half-loaded. The label is the caller's: a `<label>` whose
 * `htmlFor` is `inputId` names the combobox.
 */
export function SelectPicker<T extends string | number>({ inputId, options, value, onChange, testId, disabled = false, invalid = false, describedBy, searchable = false, width = '18rem' }: SelectPickerProps<T>) {
  const current = options.find((o) => o.value === value);
  const choices: readonly Choice[] = options;
  return (
    <Suspense
      fallback={
        <div style={{ ...fallbackStyle, width }} data-testid={`${testId}-loading`}>
          {current?.label ?? '\u00a0'}
        </div>
      }
    >
      <SelectControl
        inputId={inputId}
        options={choices}
        value={value}
        onChange={(picked) => {
          const option = options.find((o) => o.value === picked);
          if (option) onChange(option.value);
        }}
        testId={testId}
        isDisabled={disabled}
        isInvalid={invalid}
        describedBy={describedBy}
        searchable={searchable}
        width={width}
        chosenText={token('color.text')}
      />
    </Suspense>
  );
}

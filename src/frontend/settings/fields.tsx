import { token } from '@atlaskit/tokens';
import { createContext, useContext, type CSSProperties, type ReactNode } from 'react';
import { SelectPicker } from '../shared/select';

/** Labelled inputs with their error beside them, built from design tokens (the same look as the board settings form). */

export const labelStyle: CSSProperties = {
  display: 'block',
  font: token('font.body.small'),
  fontWeight: token('font.weight.semibold'),
  color: token('color.text.subtle'),
};

export function inputStyle(invalid: boolean, width = '10rem', disabled = false): CSSProperties {
  return {
    font: token('font.body'),
    color: disabled ? token('color.text.disabled') : token('color.text'),
    backgroundColor: disabled ? token('color.background.disabled') : token('color.background.input'),
    border: `${token('border.width')} solid ${invalid ? token('color.border.danger') : disabled ? token('color.border.disabled') : token('color.border.input')}`,
    borderRadius: token('radius.small'),
    padding: `${token('space.050')} ${token('space.100')}`,
    width,
    maxWidth: '100%',
    boxSizing: 'border-box',
  };
}

/**
 * Whether the group around a field is switched off (read-only page, a project section that follows the global
 * settings): a disabled fieldset already stops typing, this makes the fields look it too.
 */
const DisabledContext = createContext(false);

/** The id of the input for a document path ("rules.phrases.0.weight" -> "setting-rules-phrases-0-weight"). */
export function inputId(path: string): string {
  return `setting-${path.replace(/\./g, '-')}`;
}

export function FieldError({ path, error }: { path: string; error: string | undefined }) {
  if (!error) return null;
  return (
    <div id={`${inputId(path)}-error`} data-testid={`error-${path}`} style={{ font: token('font.body.small'), color: token('color.text.danger') }}>
      {error}
    </div>
  );
}

function describedBy(path: string, error: string | undefined, hint: string | undefined): string | undefined {
  return [error ? `${inputId(path)}-error` : null, hint ? `${inputId(path)}-hint` : null].filter(Boolean).join(' ') || undefined;
}

export interface TextFieldProps {
  path: string;
  label: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
  width?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  /** Rows of a table label their inputs for screen readers only. */
  hideLabel?: boolean;
  /** A list of terms: a box that wraps and grows with its text, so no term is cut off. */
  multiline?: boolean;
}

/** Rows a wrapping box needs to show `text` whole, at roughly `perRow` characters a row. */
function rowsFor(text: string, perRow = 90): number {
  return Math.max(2, Math.min(12, Math.ceil(text.length / perRow) + 1));
}

export function TextField({ path, label, value, error, onChange, hint, width, inputMode = 'text', hideLabel = false, multiline = false }: TextFieldProps) {
  const id = inputId(path);
  const disabled = useContext(DisabledContext);
  const common = {
    id,
    value,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(path, error, hint),
    style: inputStyle(Boolean(error), width, disabled),
  } as const;
  return (
    <div>
      <label htmlFor={id} style={hideLabel ? visuallyHidden : labelStyle}>
        {label}
      </label>
      {multiline ? (
        <textarea {...common} rows={rowsFor(value)} onChange={(e) => onChange(e.target.value)} style={{ ...common.style, resize: 'vertical', lineHeight: 1.5 }} />
      ) : (
        <input {...common} type="text" inputMode={inputMode} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <div id={`${id}-hint`} style={{ font: token('font.body.small'), color: token('color.text.subtle') }}>
          {hint}
        </div>
      ) : null}
      <FieldError path={path} error={error} />
    </div>
  );
}

export interface SelectFieldProps<T extends string> {
  path: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string;
  hideLabel?: boolean;
}

export function SelectField<T extends string>({ path, label, value, options, onChange, error, hideLabel = false }: SelectFieldProps<T>) {
  const id = inputId(path);
  const disabled = useContext(DisabledContext);
  return (
    <div>
      <label htmlFor={id} style={hideLabel ? visuallyHidden : labelStyle}>
        {label}
      </label>
      <SelectPicker
        inputId={id}
        testId={`select-${path}`}
        value={value}
        disabled={disabled}
        onChange={onChange}
        options={options}
        invalid={Boolean(error)}
        describedBy={describedBy(path, error, undefined)}
        width="11rem"
      />
      <FieldError path={path} error={error} />
    </div>
  );
}

export const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/** A titled group of fields; `disabled` turns every control inside off (read-only page, inherited project section). */
export function Group({ legend, disabled, children }: { legend: string; disabled: boolean; children: ReactNode }) {
  const outer = useContext(DisabledContext);
  return (
    <DisabledContext.Provider value={outer || disabled}>
    <fieldset
      disabled={disabled}
      style={{ border: `${token('border.width')} solid ${token('color.border')}`, borderRadius: token('radius.medium'), padding: token('space.200'), margin: 0, minWidth: 0 }}
    >
      <legend style={{ font: token('font.heading.xxsmall'), color: token('color.text'), padding: `0 ${token('space.050')}` }}>{legend}</legend>
      <div style={{ display: 'flex', flexDirection: 'column', gap: token('space.150') }}>{children}</div>
    </fieldset>
    </DisabledContext.Provider>
  );
}

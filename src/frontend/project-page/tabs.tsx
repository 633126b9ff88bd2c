import { token } from '@atlaskit/tokens';
import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * Tabs in the WAI-ARIA pattern without Atlaskit's tabs package: a tablist of buttons with a roving tab index (one Tab
 * stop), arrow keys, Home and End move and select (automatic activation), and each panel labelled by its tab. A panel
 * stays mounted once visited, hidden, so switching back keeps what was loaded.
 */

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

export interface TabsProps<T extends string> {
  label: string;
  tabs: readonly TabItem<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** Ids whose panel has been shown at least once: those are kept mounted. */
  visited: ReadonlySet<T>;
  renderPanel: (id: T) => ReactNode;
}

export function Tabs<T extends string>({ label, tabs, selected, onSelect, visited, renderPanel }: TabsProps<T>) {
  const base = useId();
  const buttons = useRef(new Map<T, HTMLButtonElement>());
  const tabId = (id: T): string => `${base}-tab-${id}`;
  const panelId = (id: T): string => `${base}-panel-${id}`;

  const move = (event: KeyboardEvent, index: number): void => {
    const last = tabs.length - 1;
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null;
    if (next === null) return;
    event.preventDefault();
    const target = tabs[next];
    if (!target) return;
    onSelect(target.id);
    buttons.current.get(target.id)?.focus();
  };

  return (
    <div>
      <div role="tablist" aria-label={label} style={{ display: 'flex', gap: token('space.100'), borderBottom: `${token('border.width.selected')} solid ${token('color.border')}` }}>
        {tabs.map((tab, index) => {
          const active = tab.id === selected;
          return (
            <button
              key={tab.id}
              ref={(el) => {
                if (el) buttons.current.set(tab.id, el);
                else buttons.current.delete(tab.id);
              }}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={active}
              aria-controls={panelId(tab.id)}
              tabIndex={active ? 0 : -1}
              onClick={() => onSelect(tab.id)}
              onKeyDown={(e) => move(e, index)}
              style={{
                font: token('font.body'),
                fontWeight: token('font.weight.medium'),
                color: active ? token('color.text.selected') : token('color.text.subtle'),
                background: 'none',
                border: 'none',
                borderBottom: `${token('border.width.selected')} solid ${active ? token('color.border.selected') : 'transparent'}`,
                marginBottom: `calc(-1 * ${token('border.width.selected')})`,
                padding: `${token('space.100')} ${token('space.150')}`,
                cursor: 'pointer',
              }}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) =>
        tab.id === selected || visited.has(tab.id) ? (
          <div
            key={tab.id}
            role="tabpanel"
            id={panelId(tab.id)}
            aria-labelledby={tabId(tab.id)}
            hidden={tab.id !== selected}
            tabIndex={0}
            data-testid={`panel-${tab.id}`}
            style={{ paddingTop: token('space.200') }}
          >
            {renderPanel(tab.id)}
          </div>
        ) : null,
      )}
    </div>
  );
}

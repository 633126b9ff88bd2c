import { mount } from '../shared/mount';
import { SprintCapacityPanel } from './sprint-capacity-panel';

/** React and the capacity panel: imported by main.tsx once the surface's first reads are sent, preloaded with the page. */
export function drawSurface(): void {
  mount(SprintCapacityPanel);
}

import '../shared/zod-jitless';
import { openSurface } from '../api/capacity';
import { mount } from '../shared/mount';
import { SprintCapacityPanel } from './sprint-capacity-panel';

// The context and the board's reads are asked before React first draws the surface, and sent before it draws.
void openSurface().then(() => mount(SprintCapacityPanel));

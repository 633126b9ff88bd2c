import '../shared/zod-jitless';
import { mount } from '../shared/mount';
import { SprintCapacityPanel } from './sprint-capacity-panel';

mount(SprintCapacityPanel);

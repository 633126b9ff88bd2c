import '../shared/zod-jitless';
import { mount } from '../shared/mount';
import { ProjectPage } from './project-page';

mount(ProjectPage);

import '../shared/zod-jitless';
import { mount } from '../shared/mount';
import { SettingsPage } from './settings-page';

mount(SettingsPage);

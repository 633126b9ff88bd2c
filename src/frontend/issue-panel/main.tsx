import '../shared/zod-jitless';
import { mount } from '../shared/mount';
import { IssuePanel } from './issue-panel';

mount(IssuePanel);

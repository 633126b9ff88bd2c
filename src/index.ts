// The handlers manifest.yml names, by module type. Nothing else lives here.

// Resolvers (Custom UI surfaces) and the issue panel's dynamic properties
export { issuePanelHandler, issueLozenge } from './resolvers/issue-panel';
export { capacityHandler } from './resolvers/capacity';
export { settingsHandler } from './resolvers/settings';

// Product and lifecycle triggers, the daily schedule
export { onIssueEvent } from './triggers/issue-events';
export { onInstalled, onDailySchedule, onSprintEvent } from './triggers/lifecycle';
export { onHourlySchedule } from './triggers/hourly';

// Queue consumer: bulk reclassification and sprint snapshots
export { workConsumer } from './triggers/work-queue';

/** The site model, its builders and the demo site, in one import for tests and the local host. */
export * from './field-catalogue';
export * from './site-model';
export { DEMO_BOARD_IDS, DEMO_FILTER_IDS, DEMO_NOW, DEMO_SPRINT_IDS, DEMO_TEAM, createDemoSite } from './demo-site';

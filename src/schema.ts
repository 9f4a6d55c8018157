// Every module's tables, for drizzle-kit and the typed database handle.
export * from './platform/schema.js';
export * from './modules/portal/schema.js';
export * from './modules/newsletter/schema.js';
export * from './modules/media/schema.js';
export * from './modules/training/schema.js';
export * from './modules/training/badge-schema.js';
export * from './modules/training/scorm-schema.js';
export * from './modules/directory/schema.js';
export * from './modules/guidelines/schema.js';
export * from './modules/networks/schema.js';
export * from './modules/care/schema.js';
export * from './modules/xapi/schema.js';

// The test harness of every service (@shop/platform/testing): test code only, never main.ts.
export * from './service-under-test';
export * from './migrated-test-database';

export * from './mailpit';
export * from './repo-root';
export * from './scratch-database';
export * from './service-databases';
export * from './service-logs';
export * from './topic-prefix';
export * from './wait-until';
export * from './thrown-by';

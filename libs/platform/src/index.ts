export * from './config/config-schema';
export * from './config/load-config';

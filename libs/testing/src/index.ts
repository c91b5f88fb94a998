export * from './service-databases';
export * from './wait-until';

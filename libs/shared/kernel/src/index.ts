export * from './money';
export * from './result';
export * from './text';
export * from './iso-3166-alpha2';

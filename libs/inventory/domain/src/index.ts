export * from './lib/inventory-errors';
export * from './lib/product';
export * from './lib/reservation';
export * from './lib/stock-level';

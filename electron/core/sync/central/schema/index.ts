export * from './catalog';
export * from './events';
export * from './loyalty';
export * from './sales';
export * from './stock';
export * from './terminals';

export * from './catalog';
export * from './loyalty';
export * from './sales';
export * from './staff';
export * from './stock';
export * from './system';

export * from './catalog';
export * from './sales';
export * from './staff';
export * from './system';

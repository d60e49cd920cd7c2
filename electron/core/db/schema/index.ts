export * from './catalog';
export * from './staff';
export * from './system';

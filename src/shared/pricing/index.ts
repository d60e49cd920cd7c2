export * from './arith';
export * from './cart';
export * from './refund';
export * from './tender';

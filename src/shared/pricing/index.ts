export * from './arith';
export * from './cart';
export * from './limits';
export * from './refund';
export * from './tender';

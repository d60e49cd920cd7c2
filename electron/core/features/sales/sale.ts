// The sales feature, one module per concern; this file keeps the names others import.
export { type CartLineInput, priceSaleCart } from './cartPricing';
export { type CompleteSaleInput, completeSale } from './complete';
export { findSales, getSale, receiptCode, type Sale, saleDocument } from './document';
export { listParked, parkCart, resumeCart } from './parked';
export { type RefundInput, refundSale } from './refund';
export { recordVoid } from './voids';

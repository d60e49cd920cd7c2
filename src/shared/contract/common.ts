import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../pricing/limits';

export const idSchema = z.string().min(1).max(64);
export const uuidSchema = z.uuid();
export const moneyMinor = z.int().min(0).max(MAX_AMOUNT_MINOR);
export const pinSchema = z.string().regex(/^\d{4,8}$/, 'A PIN is 4 to 8 digits');
export const nameSchema = z.string().trim().min(1, 'A name is needed').max(120);
export const emptyInput = z.strictObject({});

import { z } from 'zod';
import { sessionStaffSchema } from './auth';
import { emptyInput, nameSchema, pinSchema } from './common';
import { channel } from './define';

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'A currency is a 3-letter ISO code such as EUR');

export const settingsSchema = z.object({
  storeName: z.string(),
  terminalId: z.string(),
  currency: currencySchema,
  pricesIncludeTax: z.boolean(),
});

export const setupChannels = {
  'setup.status': channel({
    summary: 'Whether this terminal still needs its first manager, and the store it belongs to.',
    input: emptyInput,
    output: z.object({ needsSetup: z.boolean(), storeName: z.string().nullable(), currency: currencySchema.nullable() }),
    writes: false,
    access: 'public',
  }),
  'setup.createFirstManager': channel({
    summary: 'First run only: create the first manager (and store settings) and log them in.',
    input: z.strictObject({
      name: nameSchema,
      pin: pinSchema,
      storeName: nameSchema,
      currency: currencySchema.default('EUR'),
      terminalId: z
        .string()
        .trim()
        .min(1)
        .max(32)
        .regex(/^[A-Za-z0-9_-]+$/)
        .optional(),
    }),
    output: sessionStaffSchema,
    writes: true,
    access: 'public',
  }),
  'settings.get': channel({
    summary: 'Store and terminal settings.',
    input: emptyInput,
    output: settingsSchema,
    writes: false,
    access: 'staff',
  }),
  'settings.update': channel({
    summary: 'Change store settings.',
    input: z.strictObject({
      storeName: nameSchema.optional(),
      currency: currencySchema.optional(),
      pricesIncludeTax: z.boolean().optional(),
    }),
    output: settingsSchema,
    writes: true,
    access: 'manager',
  }),
};

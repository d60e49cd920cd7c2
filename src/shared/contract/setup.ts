import { z } from 'zod';
import { isValidTimeZone } from '../timeZone';
import { sessionStaffSchema } from './auth';
import { emptyInput, nameSchema, pinSchema } from './common';
import { channel } from './define';

export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'A currency is a 3-letter ISO code such as EUR');

/** An IANA time zone the runtime knows (Europe/Berlin, America/New_York, UTC) */
export const timeZoneSchema = z.string().trim().max(64).refine(isValidTimeZone, 'A time zone is an IANA name such as Europe/Berlin');

export const printerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('system'),
    /** the OS name of the printer (e.g. 'EPSON_TM_T20III'): the desktop app prints there without a dialog; empty = ask with the print dialog */
    deviceName: z.string().trim().min(1).max(200).optional(),
  }),
  z.object({
    kind: z.literal('escpos-tcp'),
    host: z.string().min(1).max(255),
    port: z.int().min(1).max(65535).default(9100),
    /** paper width in characters (58 mm ≈ 32, 80 mm ≈ 48) */
    columns: z.int().min(24).max(64).default(48),
    kickDrawer: z.boolean().default(true),
  }),
]);

export const outOfStockSchema = z.enum(['sell', 'manager', 'refuse']);
export const removalApprovalSchema = z.enum(['always', 'errorCorrect', 'never']);
export const soundSchema = z.strictObject({ volume: z.int().min(0).max(100), muted: z.boolean() });
/** on-screen keypads for amounts and numbers: once the till is touched or has a touch screen ('auto'), always ('on'), never ('off') */
export const touchKeypadSchema = z.enum(['auto', 'on', 'off']);

const points = z.int().min(0).max(1_000_000_000);
const tierMultiplier = z.int().min(0).max(100_000);

/** The loyalty programme's rules (one settings key): earning, redeeming, transfers, tiers. */
export const loyaltySettingsSchema = z.strictObject({
  /** member cards are EAN-13 codes starting with this (20–29, the in-store range; not a scale label prefix) */
  cardPrefix: z.string().regex(/^2\d$/, 'A member card prefix is 20 to 29'),
  /** the block of card numbers this terminal issues (0–999): each terminal of a chain has its own */
  cardBlock: z.int().min(0).max(999),
  /** points earned per whole currency unit spent (before the tier's multiplier) */
  earnPointsPerUnit: z.int().min(0).max(1000),
  /** each tier's multiplier of earned points, in basis points (10000 = ×1) */
  tierMultiplierBp: z.strictObject({ bronze: tierMultiplier, silver: tierMultiplier, gold: tierMultiplier, platinum: tierMultiplier }),
  /** the 12-month spend (minor units) that reaches each tier */
  tierThresholdsMinor: z.strictObject({ silver: z.int().min(0), gold: z.int().min(0), platinum: z.int().min(0) }),
  /** categories and products that earn no points (tobacco, gift cards…) */
  excludedCategoryIds: z.array(z.string().min(1).max(64)).max(500),
  excludedProductIds: z.array(z.string().min(1).max(64)).max(5000),
  /** what one point is worth when redeemed, in minor units */
  pointValueMinor: z.int().min(1).max(10_000),
  /** the fewest points a redemption may use */
  minRedeemPoints: points,
  /** until this terminal has synced with central: the most points one member may redeem here per day (0 = no cap) */
  offlineDailyRedeemCap: points,
  /** a transfer of more points than this needs a manager */
  transferApprovalAbove: points,
  /** a refund reverses points a member has already spent: let the balance go below zero ('allow') or stop at zero ('cap') */
  refundBelowZero: z.enum(['allow', 'cap']),
  /** a member's points expire after this many months without points activity or a purchase (0 = they never expire) */
  pointsExpireAfterMonths: z
    .int('Points expire after a whole number of months')
    .min(0, 'Points expire after 0 months (never) or more')
    .max(120, 'Points expire after at most 120 months (10 years)'),
});

/** Backups of this terminal (one settings key; it stays on this terminal, like the printer). */
export const backupSettingsSchema = z.strictObject({
  /** where backups go (a USB stick, a network share); null = a "backups" folder beside the database */
  folder: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'The backup folder is a full path (/media/usb/ringup, E:\\Ringup, \\\\server\\share)')
    .nullable(),
  schedule: z.enum(['daily', 'off']),
  /** the local hour of the daily backup */
  hour: z.int().min(0).max(23),
  keepDaily: z.int().min(0).max(366),
  keepWeekly: z.int().min(0).max(260),
  keepMonthly: z.int().min(0).max(240),
});

export const settingsSchema = z.object({
  storeName: z.string(),
  terminalId: z.string(),
  currency: currencySchema,
  /** the store's time zone: report days and hours are counted in it */
  timeZone: timeZoneSchema,
  pricesIncludeTax: z.boolean(),
  /** 'line' rounds tax per line (default), 'total' once per rate */
  taxRounding: z.enum(['line', 'total']),
  /** smallest coin in minor units for cash rounding (1 = none, 5 = to 0.05) */
  cashRoundingStep: z.int().min(1).max(100),
  /** the largest discount a cashier may give without a manager, in basis points */
  cashierDiscountLimitBp: z.int().min(0).max(10000),
  /** outOfStock === 'sell' (kept for scripts written before outOfStock) */
  allowNegativeStock: z.boolean(),
  /** a scan beyond the stock count: the cashier confirms and sells ('sell'), a manager approves ('manager'), or it is refused ('refuse') */
  outOfStock: outOfStockSchema,
  /** who may take lines off: a manager always ('always'), the cashier the item just scanned ('errorCorrect'), anyone ('never') */
  removalApproval: removalApprovalSchema,
  /** the cashier counts the drawer before seeing what is expected (the over/short comes after) */
  blindCashUp: z.boolean(),
  /** the till's tones: a good scan, and a distinct one for what went wrong */
  sound: soundSchema,
  /** the on-screen numeric keypads of a touch till (this terminal's screen; it does not travel) */
  touchKeypad: touchKeypadSchema,
  /** whether opening the drawer without a sale (no-sale) needs a manager's approval */
  noSaleNeedsApproval: z.boolean(),
  receiptHeader: z.string().max(500),
  receiptFooter: z.string().max(500),
  printer: printerSchema,
  /** EAN-13 prefixes (20–29) of weight labels printed by the store's scales; empty = none */
  scaleLabelPrefixes: z.array(z.string().regex(/^2\d$/, 'A scale label prefix is 20 to 29')).max(10),
  loyalty: loyaltySettingsSchema,
  backup: backupSettingsSchema,
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
      timeZone: timeZoneSchema.optional(),
      pricesIncludeTax: z.boolean().optional(),
      taxRounding: z.enum(['line', 'total']).optional(),
      cashRoundingStep: z.int().min(1).max(100).optional(),
      cashierDiscountLimitBp: z.int().min(0).max(10000).optional(),
      /** true is outOfStock 'sell', false 'refuse' (unless outOfStock is given too) */
      allowNegativeStock: z.boolean().optional(),
      outOfStock: outOfStockSchema.optional(),
      removalApproval: removalApprovalSchema.optional(),
      blindCashUp: z.boolean().optional(),
      sound: soundSchema.optional(),
      touchKeypad: touchKeypadSchema.optional(),
      noSaleNeedsApproval: z.boolean().optional(),
      receiptHeader: z.string().max(500).optional(),
      receiptFooter: z.string().max(500).optional(),
      printer: printerSchema.optional(),
      scaleLabelPrefixes: z
        .array(z.string().regex(/^2\d$/, 'A scale label prefix is 20 to 29'))
        .max(10)
        .refine((prefixes) => new Set(prefixes).size === prefixes.length, 'Each prefix once')
        .optional(),
      /** the rules named here change; the others stay */
      loyalty: loyaltySettingsSchema.partial().optional(),
      /** the backup settings named here change; the others stay */
      backup: backupSettingsSchema.partial().optional(),
    }),
    output: settingsSchema,
    writes: true,
    access: 'manager',
    multiline: ['receiptHeader', 'receiptFooter'],
  }),
};

import { currencyExponent, parseMoney } from '../../shared/money';
import type { Settings } from '../stores/session';
import { moneyText, parsePercentBp, parseWhole, percentText } from './fields';

/** What a field's text means for settings.update, or what is wrong with it in words. */
export type Parsed = { value: unknown } | { problem: string };

export interface SettingField {
  /** the settings path it edits (as the core names it in a refusal): 'storeName', 'loyalty.cardPrefix' */
  key: string;
  label: string;
  hint?: string;
  control: 'text' | 'textarea' | 'check' | { options: readonly { value: string; label: string }[] };
  read(settings: Settings, currency: string): string | boolean;
  /** text controls: the value to send (default: the trimmed text) */
  parse?(text: string, currency: string): Parsed;
  /** shown only when this says so (the printer's fields follow its kind) */
  when?(form: SettingsForm): boolean;
}

export interface SettingGroup {
  title: string;
  fields: SettingField[];
}

export type SettingsForm = Record<string, string | boolean>;

const whole =
  (min: number, max: number, words: string) =>
  (text: string): Parsed => {
    const n = parseWhole(text);
    return n === null || n < min || n > max ? { problem: `${words} is a whole number from ${min} to ${max}.` } : { value: n };
  };

const money =
  (min: number, max: number, words: string) =>
  (text: string, currency: string): Parsed => {
    const minor = parseMoney(text, currency);
    const e = currencyExponent(currency);
    if (minor === null || minor < min || minor > max)
      return {
        problem: `${words} is an amount from ${moneyText(min, e)} to ${moneyText(max, e)}, such as ${moneyText(Math.max(min, 5), e)}.`,
      };
    return { value: minor };
  };

const points = (words: string) => whole(0, 1_000_000_000, words);
const m = (amountMinor: number, currency: string) => moneyText(amountMinor, currencyExponent(currency));
const text =
  (max: number, words: string, required = true) =>
  (value: string): Parsed => {
    const trimmed = value.trim();
    if (required && trimmed === '') return { problem: `${words} cannot be empty.` };
    if (trimmed.length > max) return { problem: `${words} is at most ${max} characters.` };
    return { value: trimmed };
  };
const tier =
  (name: string) =>
  (value: string): Parsed => {
    const trimmed = value
      .trim()
      .replace(',', '.')
      .replace(/^[x×]\s*/i, '');
    if (!/^\d+(\.\d{1,4})?$/.test(trimmed) || Number(trimmed) > 10)
      return { problem: `The ${name} multiplier is a number such as 1 or 1.5 (at most 10).` };
    return { value: Math.round(Number(trimmed) * 10_000) };
  };

const printerKind = (form: SettingsForm) => form['printer.kind'];

/** Every store setting a manager edits, grouped as the Settings screen shows them. */
export const SETTING_GROUPS: SettingGroup[] = [
  {
    title: 'Store',
    fields: [
      {
        key: 'storeName',
        label: 'Store name',
        hint: 'On the top bar and the receipts.',
        control: 'text',
        read: (s) => s.storeName,
        parse: text(120, 'The store name'),
      },
      {
        key: 'currency',
        label: 'Currency',
        hint: 'A 3-letter code such as EUR, GBP or USD. Change it only before the first sale.',
        control: 'text',
        read: (s) => s.currency,
        parse: (value) => {
          const code = value.trim().toUpperCase();
          return /^[A-Z]{3}$/.test(code) ? { value: code } : { problem: 'A currency is a 3-letter code such as EUR.' };
        },
      },
      {
        key: 'timeZone',
        label: 'Time zone',
        hint: 'Report days and hours are counted in it: a name such as Europe/Berlin.',
        control: 'text',
        read: (s) => s.timeZone,
        parse: text(64, 'The time zone'),
      },
    ],
  },
  {
    title: 'Prices and tax',
    fields: [
      {
        key: 'pricesIncludeTax',
        label: 'Prices are entered',
        control: {
          options: [
            { value: 'yes', label: 'Including tax (the shelf price)' },
            { value: 'no', label: 'Before tax (tax is added at the till)' },
          ],
        },
        read: (s) => (s.pricesIncludeTax ? 'yes' : 'no'),
        parse: (value) => ({ value: value === 'yes' }),
      },
      {
        key: 'taxRounding',
        label: 'Tax rounding',
        control: {
          options: [
            { value: 'line', label: 'Round the tax of each line' },
            { value: 'total', label: 'Round the tax once per rate, on the total' },
          ],
        },
        read: (s) => s.taxRounding,
      },
    ],
  },
  {
    title: 'Cash',
    fields: [
      {
        key: 'cashRoundingStep',
        label: 'Cash rounding: smallest coin',
        hint: 'Cash totals are rounded to it; the smallest unit (such as 0.01) means no rounding.',
        control: 'text',
        read: (s, c) => m(s.cashRoundingStep, c),
        parse: money(1, 100, 'The smallest coin'),
      },
      {
        key: 'blindCashUp',
        label: 'Blind cash-up',
        hint: 'At closing, the drawer is counted before the expected amount is shown.',
        control: 'check',
        read: (s) => s.blindCashUp,
      },
      {
        key: 'noSaleNeedsApproval',
        label: 'Opening the drawer without a sale needs a manager',
        control: 'check',
        read: (s) => s.noSaleNeedsApproval,
      },
    ],
  },
  {
    title: 'Till',
    fields: [
      {
        key: 'cashierDiscountLimitBp',
        label: 'Cashier discount limit (%)',
        hint: 'A larger discount needs a manager’s PIN.',
        control: 'text',
        read: (s) => percentText(s.cashierDiscountLimitBp),
        parse: (value) => {
          const bp = parsePercentBp(value);
          return bp === null || bp > 10_000 ? { problem: 'The discount limit is a percentage from 0 to 100, such as 10.' } : { value: bp };
        },
      },
      {
        key: 'outOfStock',
        label: 'Selling past the stock count',
        control: {
          options: [
            { value: 'sell', label: 'The cashier confirms and sells' },
            { value: 'manager', label: 'A manager approves' },
            { value: 'refuse', label: 'Refused' },
          ],
        },
        read: (s) => s.outOfStock,
      },
      {
        key: 'removalApproval',
        label: 'Taking lines off a sale',
        control: {
          options: [
            { value: 'errorCorrect', label: 'The item just scanned: the cashier; others: a manager' },
            { value: 'always', label: 'Always a manager' },
            { value: 'never', label: 'Anyone' },
          ],
        },
        read: (s) => s.removalApproval,
      },
      {
        key: 'touchKeypad',
        label: 'On-screen keypads',
        control: {
          options: [
            { value: 'auto', label: 'When the screen is touched' },
            { value: 'on', label: 'Always' },
            { value: 'off', label: 'Never' },
          ],
        },
        read: (s) => s.touchKeypad,
      },
      {
        key: 'sound.volume',
        label: 'Volume of the till’s tones (0–100)',
        control: 'text',
        read: (s) => String(s.sound.volume),
        parse: whole(0, 100, 'The volume'),
      },
      { key: 'sound.muted', label: 'Tones muted', control: 'check', read: (s) => s.sound.muted },
    ],
  },
  {
    title: 'Receipt',
    fields: [
      {
        key: 'receiptHeader',
        label: 'Header',
        hint: 'Printed above the lines: the address, a VAT number.',
        control: 'textarea',
        read: (s) => s.receiptHeader,
        parse: text(500, 'The header', false),
      },
      {
        key: 'receiptFooter',
        label: 'Footer',
        hint: 'Printed under the totals: opening hours, returns policy.',
        control: 'textarea',
        read: (s) => s.receiptFooter,
        parse: text(500, 'The footer', false),
      },
    ],
  },
  {
    title: 'Printer',
    fields: [
      {
        key: 'printer.kind',
        label: 'Receipt printer',
        control: {
          options: [
            { value: 'none', label: 'None (receipts on screen only)' },
            { value: 'system', label: 'A printer of this computer' },
            { value: 'escpos-tcp', label: 'A network receipt printer (ESC/POS)' },
          ],
        },
        read: (s) => s.printer.kind,
      },
      {
        key: 'printer.deviceName',
        label: 'Printer name',
        hint: 'As the computer names it; left empty, the print dialog asks each time.',
        control: 'text',
        read: (s) => (s.printer.kind === 'system' ? (s.printer.deviceName ?? '') : ''),
        parse: text(200, 'The printer name', false),
        when: (f) => printerKind(f) === 'system',
      },
      {
        key: 'printer.host',
        label: 'Address',
        hint: 'The printer’s IP address or host name.',
        control: 'text',
        read: (s) => (s.printer.kind === 'escpos-tcp' ? s.printer.host : ''),
        parse: text(255, 'The printer’s address'),
        when: (f) => printerKind(f) === 'escpos-tcp',
      },
      {
        key: 'printer.port',
        label: 'Port',
        control: 'text',
        read: (s) => (s.printer.kind === 'escpos-tcp' ? String(s.printer.port) : '9100'),
        parse: whole(1, 65535, 'The port'),
        when: (f) => printerKind(f) === 'escpos-tcp',
      },
      {
        key: 'printer.columns',
        label: 'Characters per line',
        hint: '58 mm paper ≈ 32, 80 mm ≈ 48.',
        control: 'text',
        read: (s) => (s.printer.kind === 'escpos-tcp' ? String(s.printer.columns) : '48'),
        parse: whole(24, 64, 'The characters per line'),
        when: (f) => printerKind(f) === 'escpos-tcp',
      },
      {
        key: 'printer.kickDrawer',
        label: 'The printer opens the cash drawer',
        control: 'check',
        read: (s) => (s.printer.kind === 'escpos-tcp' ? s.printer.kickDrawer : true),
        when: (f) => printerKind(f) === 'escpos-tcp',
      },
    ],
  },
  {
    title: 'Scales',
    fields: [
      {
        key: 'scaleLabelPrefixes',
        label: 'Weight label prefixes',
        hint: 'The first two digits (20–29) of the labels your scales print, separated by commas; empty = no scales.',
        control: 'text',
        read: (s) => s.scaleLabelPrefixes.join(', '),
        parse: (value) => {
          const prefixes = value
            .split(/[\s,;]+/)
            .map((p) => p.trim())
            .filter(Boolean);
          const bad = prefixes.find((p) => !/^2\d$/.test(p));
          if (bad) return { problem: `${bad} is not a label prefix: a prefix is 20 to 29.` };
          if (new Set(prefixes).size !== prefixes.length) return { problem: 'Give each prefix once.' };
          return { value: prefixes };
        },
      },
    ],
  },
  {
    title: 'Loyalty',
    fields: [
      {
        key: 'loyalty.cardPrefix',
        label: 'Member card prefix',
        hint: 'Member cards are EAN-13 codes starting with it (20–29, not a scale label prefix).',
        control: 'text',
        read: (s) => s.loyalty.cardPrefix,
        parse: (value) => (/^2\d$/.test(value.trim()) ? { value: value.trim() } : { problem: 'A member card prefix is 20 to 29.' }),
      },
      {
        key: 'loyalty.cardBlock',
        label: 'Card number block of this till',
        control: 'text',
        read: (s) => String(s.loyalty.cardBlock),
        parse: whole(0, 999, 'The card block'),
      },
      {
        key: 'loyalty.earnPointsPerUnit',
        label: 'Points per whole currency unit spent',
        control: 'text',
        read: (s) => String(s.loyalty.earnPointsPerUnit),
        parse: whole(0, 1000, 'The points per unit'),
      },
      {
        key: 'loyalty.pointValueMinor',
        label: 'What one point is worth when redeemed',
        control: 'text',
        read: (s, c) => m(s.loyalty.pointValueMinor, c),
        parse: money(1, 10_000, 'A point’s value'),
      },
      {
        key: 'loyalty.minRedeemPoints',
        label: 'Fewest points a redemption uses',
        control: 'text',
        read: (s) => String(s.loyalty.minRedeemPoints),
        parse: points('The fewest points'),
      },
      {
        key: 'loyalty.offlineDailyRedeemCap',
        label: 'Most points one member redeems a day before this till has synced (0 = no cap)',
        control: 'text',
        read: (s) => String(s.loyalty.offlineDailyRedeemCap),
        parse: points('The daily cap'),
      },
      {
        key: 'loyalty.transferApprovalAbove',
        label: 'A transfer of more points than this needs a manager',
        control: 'text',
        read: (s) => String(s.loyalty.transferApprovalAbove),
        parse: points('The transfer limit'),
      },
      {
        key: 'loyalty.refundBelowZero',
        label: 'A refund takes back points already spent',
        control: {
          options: [
            { value: 'allow', label: 'The balance may go below zero' },
            { value: 'cap', label: 'The balance stops at zero' },
          ],
        },
        read: (s) => s.loyalty.refundBelowZero,
      },
      ...(['bronze', 'silver', 'gold', 'platinum'] as const).map(
        (name): SettingField => ({
          key: `loyalty.tierMultiplierBp.${name}`,
          label: `${name[0]?.toUpperCase()}${name.slice(1)} tier: points ×`,
          control: 'text',
          read: (s) => String(s.loyalty.tierMultiplierBp[name] / 10_000),
          parse: tier(name),
        }),
      ),
      ...(['silver', 'gold', 'platinum'] as const).map(
        (name): SettingField => ({
          key: `loyalty.tierThresholdsMinor.${name}`,
          label: `${name[0]?.toUpperCase()}${name.slice(1)} tier from a 12-month spend of`,
          control: 'text',
          read: (s, c) => m(s.loyalty.tierThresholdsMinor[name], c),
          parse: (value, currency) => {
            const minor = parseMoney(value, currency);
            return minor === null || minor < 0
              ? { problem: `A tier’s spend is an amount such as ${m(50_000, currency)}.` }
              : { value: minor };
          },
        }),
      ),
    ],
  },
  {
    title: 'Backup',
    fields: [
      {
        key: 'backup.schedule',
        label: 'Automatic backup',
        control: {
          options: [
            { value: 'daily', label: 'Every day' },
            { value: 'off', label: 'Off' },
          ],
        },
        read: (s) => s.backup.schedule,
      },
      {
        key: 'backup.hour',
        label: 'At (hour of the day, 0–23)',
        control: 'text',
        read: (s) => String(s.backup.hour),
        parse: whole(0, 23, 'The hour'),
      },
      {
        key: 'backup.folder',
        label: 'Folder',
        hint: 'A USB stick or a network share; left empty, a “backups” folder beside the database.',
        control: 'text',
        read: (s) => s.backup.folder ?? '',
        parse: (value) => (value.trim() === '' ? { value: null } : text(1000, 'The folder')(value)),
      },
      {
        key: 'backup.keepDaily',
        label: 'Daily backups kept',
        control: 'text',
        read: (s) => String(s.backup.keepDaily),
        parse: whole(0, 366, 'The daily backups kept'),
      },
      {
        key: 'backup.keepWeekly',
        label: 'Weekly backups kept',
        control: 'text',
        read: (s) => String(s.backup.keepWeekly),
        parse: whole(0, 260, 'The weekly backups kept'),
      },
      {
        key: 'backup.keepMonthly',
        label: 'Monthly backups kept',
        control: 'text',
        read: (s) => String(s.backup.keepMonthly),
        parse: whole(0, 240, 'The monthly backups kept'),
      },
    ],
  },
];

const ALL_FIELDS = SETTING_GROUPS.flatMap((g) => g.fields);

/** The form's values for these settings. */
export function formOfSettings(settings: Settings, currency: string): SettingsForm {
  return Object.fromEntries(ALL_FIELDS.map((f) => [f.key, f.read(settings, currency)]));
}

/** The field a refusal's path belongs to: the longest field key that starts it ('scaleLabelPrefixes.0' → 'scaleLabelPrefixes'). */
export function settingFieldOf(path: string): string | null {
  let best: string | null = null;
  for (const field of ALL_FIELDS) {
    if ((path === field.key || path.startsWith(`${field.key}.`)) && (!best || field.key.length > best.length)) best = field.key;
  }
  // a printer refusal without a field of its own goes to its kind
  if (!best && path.startsWith('printer')) return 'printer.kind';
  return best;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const child = (target[head] ?? {}) as Record<string, unknown>;
  target[head] = child;
  setPath(child, rest, value);
}

/**
 * What settings.update needs for the changed fields only, or the problems by field. Nested values
 * the core takes whole (the sound, the printer, the tier tables) are completed from `settings`.
 */
export function settingsPatch(
  form: SettingsForm,
  settings: Settings,
  currency: string,
): { patch: Record<string, unknown>; problems: Record<string, string>; changed: number } {
  const before = formOfSettings(settings, currency);
  const patch: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  let changed = 0;
  let printerChanged = false;
  const parsed: Record<string, unknown> = {};
  for (const field of ALL_FIELDS) {
    if (field.when && !field.when(form)) continue;
    const value = form[field.key];
    if (value === undefined) continue;
    let result: Parsed;
    if (typeof value === 'boolean') result = { value };
    else result = field.parse ? field.parse(value, currency) : { value: value.trim() };
    if ('problem' in result) {
      problems[field.key] = result.problem;
      continue;
    }
    parsed[field.key] = result.value;
    if (value === before[field.key]) continue;
    changed += 1;
    if (field.key.startsWith('printer.')) printerChanged = true;
    else setPath(patch, field.key.split('.'), result.value);
  }
  if (patch.sound) patch.sound = { ...settings.sound, ...(patch.sound as object) };
  const loyalty = patch.loyalty as Record<string, unknown> | undefined;
  if (loyalty?.tierMultiplierBp)
    loyalty.tierMultiplierBp = { ...settings.loyalty.tierMultiplierBp, ...(loyalty.tierMultiplierBp as object) };
  if (loyalty?.tierThresholdsMinor)
    loyalty.tierThresholdsMinor = { ...settings.loyalty.tierThresholdsMinor, ...(loyalty.tierThresholdsMinor as object) };
  if (printerChanged) {
    const kind = form['printer.kind'];
    const deviceName = parsed['printer.deviceName'];
    patch.printer =
      kind === 'system'
        ? { kind, ...(typeof deviceName === 'string' && deviceName !== '' ? { deviceName } : {}) }
        : kind === 'escpos-tcp'
          ? {
              kind,
              host: parsed['printer.host'],
              port: parsed['printer.port'],
              columns: parsed['printer.columns'],
              kickDrawer: parsed['printer.kickDrawer'],
            }
          : { kind: 'none' };
  }
  return { patch, problems, changed };
}

import { currencyExponent, parseMoney } from '../../shared/money';
import type { Settings } from '../stores/session';
import { moneyText, parsePercentBp, parseWhole, percentText } from './fields';

/** What a field's text means for settings.update, or what is wrong with it in words. */
export type Parsed = { value: unknown } | { problem: string };

/** A field's value in the form: typed text, a checkbox, or the ids of a list (categories, products). */
export type FormValue = string | boolean | string[];
export type SettingsForm = Record<string, FormValue>;

export type SettingOption = { value: string | boolean; label: string };

/** How a setting is typed and checked. `name` is what a problem calls it: "The volume is a whole number…". */
export type SettingKind =
  | { kind: 'text'; name: string; max: number; optional?: boolean; multiline?: boolean; emptyIsNull?: boolean }
  | { kind: 'code'; pattern: RegExp; problem: string; upper?: boolean }
  | { kind: 'number'; name: string; min: number; max: number }
  | { kind: 'money'; name: string; min: number; max?: number; example?: number }
  | { kind: 'percent'; name: string; max: number }
  | { kind: 'multiplier'; name: string }
  | { kind: 'prefixes' }
  | { kind: 'select'; options: readonly SettingOption[] }
  | { kind: 'toggle' }
  | { kind: 'categories' }
  | { kind: 'products' };

export type SettingField = SettingKind & {
  section: string;
  /** the settings path it edits, as the core names it in a refusal: 'storeName', 'loyalty.cardPrefix' */
  key: string;
  label: string;
  hint?: string;
  /** the value while the settings do not hold the key (a printer field of another kind, a rule the core does not answer yet) */
  absent?: unknown;
  /** shown only while another field has this value (the printer's fields follow its kind) */
  when?: readonly [key: string, value: string];
};

const printerIs = (kind: string) => ['printer.kind', kind] as const;
const points = { kind: 'number', min: 0, max: 1_000_000_000 } as const;
const tierMultiplier = (tier: string) => ({ kind: 'multiplier', name: `The ${tier} multiplier` }) as const;
const tierSpend = { kind: 'money', name: 'A tier’s spend', min: 0, example: 50_000 } as const;

/** Every store setting a manager edits, in the order and sections the Settings screen shows them: one line a setting. */
// biome-ignore format: a table, one line a setting
export const SETTING_FIELDS: readonly SettingField[] = [
  { section: 'Store', key: 'storeName', label: 'Store name', kind: 'text', name: 'The store name', max: 120, hint: 'On the top bar and the receipts.' },
  { section: 'Store', key: 'currency', label: 'Currency', kind: 'code', upper: true, pattern: /^[A-Z]{3}$/, problem: 'A currency is a 3-letter code such as EUR.', hint: 'A 3-letter code such as EUR, GBP or USD. Change it only before the first sale.' },
  { section: 'Store', key: 'timeZone', label: 'Time zone', kind: 'text', name: 'The time zone', max: 64, hint: 'Report days and hours are counted in it: a name such as Europe/Berlin.' },
  { section: 'Prices and tax', key: 'pricesIncludeTax', label: 'Prices are entered', kind: 'select', options: [{ value: true, label: 'Including tax (the shelf price)' }, { value: false, label: 'Before tax (tax is added at the till)' }] },
  { section: 'Prices and tax', key: 'taxRounding', label: 'Tax rounding', kind: 'select', options: [{ value: 'line', label: 'Round the tax of each line' }, { value: 'total', label: 'Round the tax once per rate, on the total' }] },
  { section: 'Cash', key: 'cashRoundingStep', label: 'Cash rounding: smallest coin', kind: 'money', name: 'The smallest coin', min: 1, max: 100, hint: 'Cash totals are rounded to it; the smallest unit (such as 0.01) means no rounding.' },
  { section: 'Cash', key: 'blindCashUp', label: 'Blind cash-up', kind: 'toggle', hint: 'At closing, the drawer is counted before the expected amount is shown.' },
  { section: 'Cash', key: 'noSaleNeedsApproval', label: 'Opening the drawer without a sale needs a manager', kind: 'toggle' },
  { section: 'Till', key: 'cashierDiscountLimitBp', label: 'Cashier discount limit (%)', kind: 'percent', name: 'The discount limit', max: 10_000, hint: 'A larger discount needs a manager’s PIN.' },
  { section: 'Till', key: 'outOfStock', label: 'Selling past the stock count', kind: 'select', options: [{ value: 'sell', label: 'The cashier confirms and sells' }, { value: 'manager', label: 'A manager approves' }, { value: 'refuse', label: 'Refused' }] },
  { section: 'Till', key: 'removalApproval', label: 'Taking lines off a sale', kind: 'select', options: [{ value: 'errorCorrect', label: 'The item just scanned: the cashier; others: a manager' }, { value: 'always', label: 'Always a manager' }, { value: 'never', label: 'Anyone' }] },
  { section: 'Till', key: 'touchKeypad', label: 'On-screen keypads', kind: 'select', options: [{ value: 'auto', label: 'When the screen is touched' }, { value: 'on', label: 'Always' }, { value: 'off', label: 'Never' }] },
  { section: 'Till', key: 'sound.volume', label: 'Volume of the till’s tones (0–100)', kind: 'number', name: 'The volume', min: 0, max: 100 },
  { section: 'Till', key: 'sound.muted', label: 'Tones muted', kind: 'toggle' },
  { section: 'Receipt', key: 'receiptHeader', label: 'Header', kind: 'text', multiline: true, optional: true, name: 'The header', max: 500, hint: 'Printed above the lines: the address, a VAT number.' },
  { section: 'Receipt', key: 'receiptFooter', label: 'Footer', kind: 'text', multiline: true, optional: true, name: 'The footer', max: 500, hint: 'Printed under the totals: opening hours, returns policy.' },
  { section: 'Printer', key: 'printer.kind', label: 'Receipt printer', kind: 'select', options: [{ value: 'none', label: 'None (receipts on screen only)' }, { value: 'system', label: 'A printer of this computer' }, { value: 'escpos-tcp', label: 'A network receipt printer (ESC/POS)' }] },
  { section: 'Printer', key: 'printer.deviceName', label: 'Printer name', kind: 'text', optional: true, name: 'The printer name', max: 200, absent: '', when: printerIs('system'), hint: 'As the computer names it; left empty, the print dialog asks each time.' },
  { section: 'Printer', key: 'printer.host', label: 'Address', kind: 'text', name: 'The printer’s address', max: 255, absent: '', when: printerIs('escpos-tcp'), hint: 'The printer’s IP address or host name.' },
  { section: 'Printer', key: 'printer.port', label: 'Port', kind: 'number', name: 'The port', min: 1, max: 65535, absent: 9100, when: printerIs('escpos-tcp') },
  { section: 'Printer', key: 'printer.columns', label: 'Characters per line', kind: 'number', name: 'The characters per line', min: 24, max: 64, absent: 48, when: printerIs('escpos-tcp'), hint: '58 mm paper ≈ 32, 80 mm ≈ 48.' },
  { section: 'Printer', key: 'printer.kickDrawer', label: 'The printer opens the cash drawer', kind: 'toggle', absent: true, when: printerIs('escpos-tcp') },
  { section: 'Scales', key: 'scaleLabelPrefixes', label: 'Weight label prefixes', kind: 'prefixes', hint: 'The first two digits (20–29) of the labels your scales print, separated by commas; empty = no scales.' },
  { section: 'Loyalty', key: 'loyalty.cardPrefix', label: 'Member card prefix', kind: 'code', pattern: /^2\d$/, problem: 'A member card prefix is 20 to 29.', hint: 'Member cards are EAN-13 codes starting with it (20–29, not a scale label prefix).' },
  { section: 'Loyalty', key: 'loyalty.cardBlock', label: 'Card number block of this till', kind: 'number', name: 'The card block', min: 0, max: 999 },
  { section: 'Loyalty', key: 'loyalty.earnPointsPerUnit', label: 'Points per whole currency unit spent', kind: 'number', name: 'The points per unit', min: 0, max: 1000 },
  { section: 'Loyalty', key: 'loyalty.pointValueMinor', label: 'What one point is worth when redeemed', kind: 'money', name: 'A point’s value', min: 1, max: 10_000 },
  { section: 'Loyalty', key: 'loyalty.minRedeemPoints', label: 'Fewest points a redemption uses', ...points, name: 'The fewest points' },
  { section: 'Loyalty', key: 'loyalty.offlineDailyRedeemCap', label: 'Most points one member redeems a day before this till has synced (0 = no cap)', ...points, name: 'The daily cap' },
  { section: 'Loyalty', key: 'loyalty.transferApprovalAbove', label: 'A transfer of more points than this needs a manager', ...points, name: 'The transfer limit' },
  { section: 'Loyalty', key: 'loyalty.pointsExpireAfterMonths', label: 'Points expire after (months, 0 = never)', kind: 'number', name: 'The months before points expire', min: 0, max: 120, absent: 0, hint: 'A member’s points run out after this many months without points activity or a purchase.' },
  { section: 'Loyalty', key: 'loyalty.refundBelowZero', label: 'A refund takes back points already spent', kind: 'select', options: [{ value: 'allow', label: 'The balance may go below zero' }, { value: 'cap', label: 'The balance stops at zero' }] },
  { section: 'Loyalty', key: 'loyalty.tierMultiplierBp.bronze', label: 'Bronze tier: points ×', ...tierMultiplier('bronze') },
  { section: 'Loyalty', key: 'loyalty.tierMultiplierBp.silver', label: 'Silver tier: points ×', ...tierMultiplier('silver') },
  { section: 'Loyalty', key: 'loyalty.tierMultiplierBp.gold', label: 'Gold tier: points ×', ...tierMultiplier('gold') },
  { section: 'Loyalty', key: 'loyalty.tierMultiplierBp.platinum', label: 'Platinum tier: points ×', ...tierMultiplier('platinum') },
  { section: 'Loyalty', key: 'loyalty.tierThresholdsMinor.silver', label: 'Silver tier from a 12-month spend of', ...tierSpend },
  { section: 'Loyalty', key: 'loyalty.tierThresholdsMinor.gold', label: 'Gold tier from a 12-month spend of', ...tierSpend },
  { section: 'Loyalty', key: 'loyalty.tierThresholdsMinor.platinum', label: 'Platinum tier from a 12-month spend of', ...tierSpend },
  { section: 'Loyalty', key: 'loyalty.excludedCategoryIds', label: 'Categories that earn no points', kind: 'categories', hint: 'Tobacco, gift cards…: what is sold in them earns no points.' },
  { section: 'Loyalty', key: 'loyalty.excludedProductIds', label: 'Products that earn no points', kind: 'products', hint: 'Search and pick each one; × takes it off the list.' },
  { section: 'Backup', key: 'backup.schedule', label: 'Automatic backup', kind: 'select', options: [{ value: 'daily', label: 'Every day' }, { value: 'off', label: 'Off' }] },
  { section: 'Backup', key: 'backup.hour', label: 'At (hour of the day, 0–23)', kind: 'number', name: 'The hour', min: 0, max: 23 },
  { section: 'Backup', key: 'backup.folder', label: 'Folder', kind: 'text', optional: true, emptyIsNull: true, name: 'The folder', max: 1000, hint: 'A USB stick or a network share; left empty, a “backups” folder beside the database.' },
  { section: 'Backup', key: 'backup.keepDaily', label: 'Daily backups kept', kind: 'number', name: 'The daily backups kept', min: 0, max: 366 },
  { section: 'Backup', key: 'backup.keepWeekly', label: 'Weekly backups kept', kind: 'number', name: 'The weekly backups kept', min: 0, max: 260 },
  { section: 'Backup', key: 'backup.keepMonthly', label: 'Monthly backups kept', kind: 'number', name: 'The monthly backups kept', min: 0, max: 240 },
];

/** The sections in screen order, each with its fields. */
export const SETTING_SECTIONS: readonly { title: string; fields: SettingField[] }[] = [
  ...new Set(SETTING_FIELDS.map((f) => f.section)),
].map((title) => ({ title, fields: SETTING_FIELDS.filter((f) => f.section === title) }));

/** Nested values the core takes whole: a change of one part sends the others as they are. */
const SENT_WHOLE = ['sound', 'loyalty.tierMultiplierBp', 'loyalty.tierThresholdsMinor'];

function valueAt(source: unknown, path: string): unknown {
  let node = source;
  for (const part of path.split('.'))
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
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

/** The field's value in the form, from what the core holds. */
function toForm(field: SettingField, stored: unknown, currency: string): FormValue {
  const value = stored === undefined ? field.absent : stored;
  const e = currencyExponent(currency);
  switch (field.kind) {
    case 'toggle':
      return value === true;
    case 'categories':
    case 'products':
      return Array.isArray(value) ? value.map(String) : [];
    case 'prefixes':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'money':
      return typeof value === 'number' ? moneyText(value, e) : '';
    case 'percent':
      return typeof value === 'number' ? percentText(value) : '';
    case 'multiplier':
      return typeof value === 'number' ? String(value / 10_000) : '';
    default:
      return value === null || value === undefined ? '' : String(value);
  }
}

/** What the field's text means, or what is wrong with it in words. */
function parse(field: SettingField, text: string, currency: string): Parsed {
  const trimmed = text.trim();
  const m = (minor: number) => moneyText(minor, currencyExponent(currency));
  switch (field.kind) {
    case 'text':
      if (trimmed === '' && field.emptyIsNull) return { value: null };
      if (trimmed === '' && !field.optional) return { problem: `${field.name} cannot be empty.` };
      if (trimmed.length > field.max) return { problem: `${field.name} is at most ${field.max} characters.` };
      return { value: trimmed };
    case 'code': {
      const code = field.upper ? trimmed.toUpperCase() : trimmed;
      return field.pattern.test(code) ? { value: code } : { problem: field.problem };
    }
    case 'number': {
      const n = parseWhole(text);
      return n === null || n < field.min || n > field.max
        ? { problem: `${field.name} is a whole number from ${field.min} to ${field.max}.` }
        : { value: n };
    }
    case 'money': {
      const minor = parseMoney(text, currency);
      if (minor !== null && minor >= field.min && (field.max === undefined || minor <= field.max)) return { value: minor };
      return field.max === undefined
        ? { problem: `${field.name} is an amount such as ${m(field.example ?? 500)}.` }
        : {
            problem: `${field.name} is an amount from ${m(field.min)} to ${m(field.max)}, such as ${m(field.example ?? Math.max(field.min, 5))}.`,
          };
    }
    case 'percent': {
      const bp = parsePercentBp(text);
      return bp === null || bp > field.max
        ? { problem: `${field.name} is a percentage from 0 to ${field.max / 100}, such as 10.` }
        : { value: bp };
    }
    case 'multiplier': {
      const number = trimmed.replace(',', '.').replace(/^[x×]\s*/i, '');
      if (!/^\d+(\.\d{1,4})?$/.test(number) || Number(number) > 10)
        return { problem: `${field.name} is a number such as 1 or 1.5 (at most 10).` };
      return { value: Math.round(Number(number) * 10_000) };
    }
    case 'prefixes': {
      const prefixes = text
        .split(/[\s,;]+/)
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = prefixes.find((p) => !/^2\d$/.test(p));
      if (bad) return { problem: `${bad} is not a label prefix: a prefix is 20 to 29.` };
      if (new Set(prefixes).size !== prefixes.length) return { problem: 'Give each prefix once.' };
      return { value: prefixes };
    }
    case 'select': {
      const option = field.options.find((o) => String(o.value) === text);
      return option ? { value: option.value } : { value: trimmed };
    }
    default:
      return { value: text };
  }
}

function sameValue(a: FormValue | undefined, b: FormValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return a === b;
}

/** Whether the field shows with the form as it is (the printer's fields follow its kind). */
export function isShown(field: SettingField, form: SettingsForm): boolean {
  return !field.when || form[field.when[0]] === field.when[1];
}

/** The form's values for these settings. */
export function formOfSettings(settings: Settings, currency: string): SettingsForm {
  return Object.fromEntries(SETTING_FIELDS.map((f) => [f.key, toForm(f, valueAt(settings, f.key), currency)]));
}

/** The field a refusal's path belongs to: the longest field key that starts it ('scaleLabelPrefixes.0' → 'scaleLabelPrefixes'). */
export function settingFieldOf(path: string): string | null {
  let best: string | null = null;
  for (const field of SETTING_FIELDS) {
    if ((path === field.key || path.startsWith(`${field.key}.`)) && (!best || field.key.length > best.length)) best = field.key;
  }
  // a printer refusal without a field of its own goes to its kind
  if (!best && path.startsWith('printer')) return 'printer.kind';
  return best;
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
  for (const field of SETTING_FIELDS) {
    if (!isShown(field, form)) continue;
    const value = form[field.key];
    if (value === undefined) continue;
    const result: Parsed = typeof value === 'string' ? parse(field, value, currency) : { value };
    if ('problem' in result) {
      problems[field.key] = result.problem;
      continue;
    }
    parsed[field.key] = result.value;
    if (sameValue(value, before[field.key])) continue;
    changed += 1;
    if (field.key.startsWith('printer.')) printerChanged = true;
    else setPath(patch, field.key.split('.'), result.value);
  }
  for (const path of SENT_WHOLE) {
    const part = valueAt(patch, path);
    if (part !== undefined) setPath(patch, path.split('.'), { ...(valueAt(settings, path) as object), ...(part as object) });
  }
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

import { describe, expect, it } from 'vitest';
import { formOfSettings, settingFieldOf, settingsPatch } from '../../src/renderer/manager/settingsFields';
import type { Settings } from '../../src/renderer/stores/session';
import { settingsWith } from './till';

// The Settings screen's form ↔ settings.update: only what changed is sent, nested values whole.

const settings = {
  ...settingsWith(),
  timeZone: 'Europe/Berlin',
  backup: { folder: null, schedule: 'daily', hour: 2, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
} as Settings;

describe('the Settings form', () => {
  it('sends nothing when nothing changed', () => {
    expect(settingsPatch(formOfSettings(settings, 'EUR'), settings, 'EUR')).toEqual({ patch: {}, problems: {}, changed: 0 });
  });

  it('sends only the changed keys, money and percentages in minor units and basis points', () => {
    const form = {
      ...formOfSettings(settings, 'EUR'),
      cashRoundingStep: '0.05',
      cashierDiscountLimitBp: '12,5',
      receiptFooter: ' Thanks! ',
    };
    expect(settingsPatch(form, settings, 'EUR')).toEqual({
      patch: { cashRoundingStep: 5, cashierDiscountLimitBp: 1250, receiptFooter: 'Thanks!' },
      problems: {},
      changed: 3,
    });
  });

  it('sends the sound, the printer and a tier table whole (the core takes them so)', () => {
    const form = {
      ...formOfSettings(settings, 'EUR'),
      'sound.muted': true,
      'printer.kind': 'escpos-tcp',
      'printer.host': '192.168.1.50',
      'loyalty.tierMultiplierBp.gold': '1.75',
      'backup.folder': '',
      'backup.hour': '23',
    };
    const { patch, problems } = settingsPatch(form, settings, 'EUR');
    expect(problems).toEqual({});
    expect(patch).toEqual({
      sound: { volume: 60, muted: true },
      printer: { kind: 'escpos-tcp', host: '192.168.1.50', port: 9100, columns: 48, kickDrawer: true },
      loyalty: { tierMultiplierBp: { ...settings.loyalty.tierMultiplierBp, gold: 17_500 } },
      backup: { hour: 23 },
    });
  });

  it('says what is wrong in words, at the field', () => {
    const form = {
      ...formOfSettings(settings, 'EUR'),
      scaleLabelPrefixes: '21, 31',
      'sound.volume': 'loud',
      currency: 'euro',
      'backup.hour': '24',
    };
    expect(settingsPatch(form, settings, 'EUR').problems).toEqual({
      scaleLabelPrefixes: '31 is not a label prefix: a prefix is 20 to 29.',
      'sound.volume': 'The volume is a whole number from 0 to 100.',
      currency: 'A currency is a 3-letter code such as EUR.',
      'backup.hour': 'The hour is a whole number from 0 to 23.',
    });
  });

  it('places a refusal of the core at the field its path names', () => {
    expect(settingFieldOf('scaleLabelPrefixes.0')).toBe('scaleLabelPrefixes');
    expect(settingFieldOf('loyalty.tierMultiplierBp.gold')).toBe('loyalty.tierMultiplierBp.gold');
    expect(settingFieldOf('printer.host')).toBe('printer.host');
    expect(settingFieldOf('printer')).toBe('printer.kind');
    expect(settingFieldOf('nothing')).toBeNull();
  });
});

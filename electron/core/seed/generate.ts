import { base, en, Faker } from '@faker-js/faker';
import { BRAND_SUFFIXES, BRAND_WORDS, type SeedCategory } from './catalog-data';
import { SEED_BASE_TIME, seedBarcode, seedProductId, seedSku } from './keys';

/** One generated demo product, ready to insert. */
export interface SeedProduct {
  slot: number;
  id: string;
  sku: string;
  name: string;
  priceMinor: number;
  taxClassId: string;
  categoryId: string;
  active: boolean;
  tracksStock: boolean;
  /** priced per kg; stock in grams */
  soldByWeight: boolean;
  stockOnHand: number;
  createdAt: number;
  barcodes: string[];
}

/** The generator is re-seeded with (seed, block) every BLOCK products, so product n depends on (seed, n) only. */
export const SEED_BLOCK = 1000;

const BRAND_COUNT = 320;
const ADJECTIVE_SHARE = 0.55;
const INACTIVE_SHARE = 0.02;
const SECOND_BARCODE_SHARE = 0.12;
const MAX_STOCK = 240;
/** weighed products count stock in grams: up to 60 kg */
const GRAMS_PER_STOCK_UNIT = 250;

function titleCase(text: string): string {
  return text.replace(/(^|[\s-])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase());
}

/** Miller → Miller’s, Jones → Jones’ */
function possessive(name: string): string {
  return name.endsWith('s') ? `${name}’` : `${name}’s`;
}

/** The price a shop would print: …9 under 10.00, …49 / …99 above. */
function shelfPrice(raw: number): number {
  if (raw < 1000) return Math.max(9, Math.round(raw / 10) * 10 - 1);
  return Math.round(raw / 50) * 50 - 1;
}

/**
 * Deterministic demo products: `at(slot)` gives the same product for the same (seed, slot)
 * whatever was asked before. Called in increasing slot order it costs one product per call; a
 * jump re-seeds at the start of the block and replays up to the slot.
 */
export class ProductGenerator {
  private readonly faker = new Faker({ locale: [en, base] });
  private readonly brands: string[];
  /** category index repeated by weight, for a weighted pick with one draw */
  private readonly categoryPick: number[];
  private next = -1;

  constructor(
    private readonly seed: number,
    /** the categories with the tax class / category ids they resolved to in this database */
    private readonly categories: readonly (SeedCategory & { dbId: string; dbTaxClassId: string })[],
  ) {
    this.faker.seed(this.seedWords(0xffffffff));
    const brands = new Set<string>();
    const f = this.faker;
    for (let attempt = 0; brands.size < BRAND_COUNT && attempt < BRAND_COUNT * 20; attempt++) {
      const style = f.number.int(99);
      const word = f.helpers.arrayElement(BRAND_WORDS);
      if (style < 45) brands.add(`${word} ${f.helpers.arrayElement(BRAND_SUFFIXES)}`);
      else if (style < 60) brands.add(word);
      else if (style < 82) brands.add(possessive(f.person.lastName()));
      else brands.add(`${f.person.lastName()} ${f.helpers.arrayElement(BRAND_SUFFIXES)}`);
    }
    this.brands = [...brands];
    this.categoryPick = categories.flatMap((c, i) => Array<number>(c.weight).fill(i));
  }

  private seedWords(block: number): number[] {
    return [this.seed >>> 0, Math.floor(this.seed / 2 ** 32) >>> 0, block >>> 0];
  }

  /** The demo product number `slot` (0-based). */
  at(slot: number): SeedProduct {
    if (slot !== this.next) {
      const start = slot - (slot % SEED_BLOCK);
      this.faker.seed(this.seedWords(start / SEED_BLOCK));
      for (let s = start; s < slot; s++) this.draw(s);
    } else if (slot % SEED_BLOCK === 0) {
      this.faker.seed(this.seedWords(slot / SEED_BLOCK));
    }
    this.next = slot + 1;
    return this.draw(slot);
  }

  private fill(noun: string): string {
    if (!noun.includes('{')) return noun;
    const f = this.faker;
    return noun.replace(/\{(fruit|vegetable|spice)\}/g, (_, kind: string) =>
      titleCase(kind === 'fruit' ? f.food.fruit() : kind === 'vegetable' ? f.food.vegetable() : f.food.spice()),
    );
  }

  private draw(slot: number): SeedProduct {
    const f = this.faker;
    const category = this.categories[f.helpers.arrayElement(this.categoryPick)] as (typeof this.categories)[number];
    const brand = f.helpers.arrayElement(this.brands);
    const noun = this.fill(f.helpers.arrayElement(category.nouns));
    const adjective = f.datatype.boolean(ADJECTIVE_SHARE) ? f.helpers.arrayElement(category.adjectives) : '';
    const size = f.helpers.arrayElement(category.sizes);
    const lastWord = adjective.slice(adjective.lastIndexOf(' ') + 1);
    const useAdjective = adjective !== '' && !noun.includes(lastWord) && !brand.includes(lastWord);
    const name = `${brand} ${useAdjective ? `${adjective} ` : ''}${noun}${size ? ` ${size}` : ''}`;
    const priceMinor = shelfPrice(f.number.int({ min: category.price[0], max: category.price[1] }));
    const tracksStock = category.tracksStock >= 1 || f.datatype.boolean(category.tracksStock);
    // loose produce is weighed: no extra draw, so every other product stays as it was
    const soldByWeight = category.byWeight === true && size === '';
    const stockOnHand = tracksStock ? f.number.int(MAX_STOCK) * (soldByWeight ? GRAMS_PER_STOCK_UNIT : 1) : 0;
    const active = !f.datatype.boolean(INACTIVE_SHARE);
    const barcodes = f.datatype.boolean(SECOND_BARCODE_SHARE) ? [seedBarcode(slot, 0), seedBarcode(slot, 1)] : [seedBarcode(slot, 0)];
    return {
      slot,
      id: seedProductId(this.seed, slot),
      sku: seedSku(slot),
      name,
      priceMinor,
      taxClassId: category.dbTaxClassId,
      categoryId: category.dbId,
      active,
      tracksStock,
      soldByWeight,
      stockOnHand,
      createdAt: SEED_BASE_TIME + slot,
      barcodes,
    };
  }
}

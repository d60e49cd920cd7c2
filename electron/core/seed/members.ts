import { base, en, Faker } from '@faker-js/faker';
import { eventSchemas } from '../../../src/shared/events';
import { CARDS_PER_BLOCK, memberCardNumber, normaliseEmail, normalisePhone } from '../../../src/shared/loyalty';
import { searchKey } from '../../../src/shared/text';
import { prepared } from '../context';
import type { Sqlite } from '../db/open';
import { readSettings } from '../features/setup/settings';
import type { Terminal } from '../terminal';
import { SEED_BLOCK } from './generate';
import { hash32, SEED_BASE_TIME, seedUuid } from './keys';

/*
 * Demo loyalty members, in bulk. Member number `slot` (0-based) of a terminal gets card number
 * slot + 1 of the terminal's block — the card enrollMember gives the (slot + 1)-th enrolment of a
 * fresh terminal — and the block's counter is moved past the seeded cards, so a later enrolment
 * takes the next free number. Cards sort by slot, so the seeder finds which members of a batch
 * are there already with one range scan (a slot whose card a hand-enrolled member holds is left
 * to them, as a taken SKU is with products). Emails and phones are unique by construction.
 */

/** The seed's members joined the programme from this date… */
export const MEMBERS_SINCE = Date.UTC(2018, 0, 1);
/** …until this one, the moment the seeded data stands at (the demo catalogue's creation time) */
export const MEMBERS_AS_OF = SEED_BASE_TIME;
/** Card numbers 1 … CARDS_PER_BLOCK - 1 of a block: at most this many demo members. */
export const MAX_SEED_MEMBERS = CARDS_PER_BLOCK - 1;
/** The reason on the `adjust` ledger row that carries a member's opening balance. */
export const OPENING_BALANCE_REASON = 'Opening balance';

const YEAR_MS = 365 * 24 * 3600_000;
// salts of the seed hashes: each kind of seeded row has ids of its own
const MEMBER_SALT = 0x6d656d;
const LEDGER_SALT = 0x1ed9e7;
const EVENT_SALT = 0x0e7e47;
const FAKER_SALT = 0x6d656d62;

// how the demo membership is made up (a supermarket's programme a few years in)
const TIERS = [
  { tier: 'bronze', share: 0.72, meanPoints: 350 },
  { tier: 'silver', share: 0.19, meanPoints: 1_200 },
  { tier: 'gold', share: 0.07, meanPoints: 3_500 },
  { tier: 'platinum', share: 0.02, meanPoints: 9_000 },
] as const;
const INACTIVE_SHARE = 0.03;
const DOUBLE_SURNAME_SHARE = 0.05;
const EMAIL_ONLY_SHARE = 0.26;
const PHONE_ONLY_SHARE = 0.12;
const INTERNATIONAL_PHONE_SHARE = 0.25;
const ZERO_BALANCE_SHARE = 0.18;
// reserved for examples (RFC 2606): demo data never names a real mailbox
const EMAIL_DOMAINS = ['example.com', 'example.com', 'example.net', 'example.org'];

// bijections x ↦ (x·A + B) mod M with A prime to 10: distinct slots get distinct numbers that do not
// look sequential (x·A stays below 2^53 for every slot)
const EMAIL_CODE = { a: 3_344_773, b: 5_021_337, m: 10_000_000 };
const PHONE_CODE = { a: 735_632_791, b: 264_810_373, m: 1_000_000_000 };

function scramble(x: number, code: { a: number; b: number; m: number }): number {
  return (x * code.a + code.b) % code.m;
}

/**
 * When the seed put member `slot` in: MEMBERS_AS_OF + slot ms (a demo clock, as products have).
 * The member's id, opening balance and events carry it, so they all sort by slot and every index
 * but the email, phone and name ones takes the batch as appends.
 */
export function seededAt(slot: number): number {
  return MEMBERS_AS_OF + slot;
}

export type SeedTier = (typeof TIERS)[number]['tier'];

/** One generated demo member, ready to insert (email and phone as the core stores them). */
export interface SeedMember {
  slot: number;
  id: string;
  cardNumber: string;
  name: string;
  nameKey: string;
  email: string | null;
  phone: string | null;
  tier: SeedTier;
  tierSince: number;
  active: boolean;
  joinedAt: number;
  /** the points the member had when the seeded data stands (used without --sales) */
  openingPoints: number;
}

/** The tier a roll in [0, 1) falls into, by the shares of TIERS. */
function tierOf(roll: number): (typeof TIERS)[number] {
  let below = 0;
  for (const t of TIERS) {
    below += t.share;
    if (roll < below) return t;
  }
  return TIERS[TIERS.length - 1] as (typeof TIERS)[number];
}

/** Letters only, accents dropped, lower case: the part of an email made from a name. */
function asciiLetters(text: string): string {
  return searchKey(text).replace(/[^a-z]/g, '');
}

function stored(result: { ok: true; value: string } | { ok: false; message: string }): string {
  if (!result.ok) throw new Error(`seed: a generated contact is not valid: ${result.message}`);
  return result.value;
}

/**
 * Deterministic demo members: `at(slot)` gives the same member for the same (seed, card block,
 * slot) whatever was asked before (re-seeded every SEED_BLOCK slots, like ProductGenerator).
 */
export class MemberGenerator {
  private readonly faker = new Faker({ locale: [en, base] });
  private readonly idHash: number;
  // faker's own name lists, drawn from directly (person.lastName() evaluates a pattern per call: 4 µs)
  private readonly names = {
    female: this.faker.definitions.person.first_name.female ?? [],
    male: this.faker.definitions.person.first_name.male ?? [],
    last: this.faker.definitions.person.last_name.generic ?? [],
  };
  private next = -1;

  constructor(
    private readonly seed: number,
    private readonly card: { prefix: string; block: number },
  ) {
    this.idHash = hash32(seed, MEMBER_SALT);
  }

  /** The demo member number `slot` (0-based). */
  at(slot: number): SeedMember {
    if (slot !== this.next) {
      const start = slot - (slot % SEED_BLOCK);
      this.reseed(start / SEED_BLOCK);
      for (let s = start; s < slot; s++) this.draw(s);
    } else if (slot % SEED_BLOCK === 0) {
      this.reseed(slot / SEED_BLOCK);
    }
    this.next = slot + 1;
    return this.draw(slot);
  }

  private reseed(block: number): void {
    this.faker.seed([this.seed >>> 0, Math.floor(this.seed / 2 ** 32) >>> 0, block >>> 0, FAKER_SALT]);
  }

  private draw(slot: number): SeedMember {
    const f = this.faker;
    const first = f.helpers.arrayElement(f.datatype.boolean() ? this.names.female : this.names.male);
    const lastName = f.helpers.arrayElement(this.names.last);
    // one in twenty has a double-barrelled surname
    const last = f.datatype.boolean(DOUBLE_SURNAME_SHARE) ? `${lastName}-${f.helpers.arrayElement(this.names.last)}` : lastName;
    const name = `${first} ${last}`;
    // the same draws for every member, whatever they are used for: member n depends on (seed, n) only
    const contactRoll = f.number.float();
    const emailStyle = f.number.int(5);
    const domain = f.helpers.arrayElement(EMAIL_DOMAINS);
    const international = f.datatype.boolean(INTERNATIONAL_PHONE_SHARE);
    const tierRoll = f.number.float();
    const joinedRoll = f.number.float();
    const tierRoll2 = f.number.float();
    const active = !f.datatype.boolean(INACTIVE_SHARE);
    const balanceRoll = f.number.float();
    const pointsRoll = f.number.float();

    const hasEmail = contactRoll >= PHONE_ONLY_SHARE;
    const hasPhone = contactRoll < PHONE_ONLY_SHARE + (1 - PHONE_ONLY_SHARE - EMAIL_ONLY_SHARE);
    // letters, then the slot's own number: no two slots can give the same address
    const [fn, ln] = [asciiLetters(first) || 'member', asciiLetters(last) || 'member'];
    const local = [`${fn}.${ln}`, `${fn}${ln}`, `${fn[0]}${ln}`, `${fn}_${ln}`, `${ln}.${fn}`, `${fn}`][emailStyle];
    const email = hasEmail ? stored(normaliseEmail(`${local}${scramble(slot, EMAIL_CODE)}@${domain}`)) : null;
    // a mobile number as a cashier types it, national or with the country code: 9 digits of the slot's own
    const digits = String(scramble(slot, PHONE_CODE)).padStart(9, '0');
    const typed = international ? `+44 7${digits.slice(0, 3)} ${digits.slice(3)}` : `07${digits.slice(0, 3)} ${digits.slice(3)}`;
    const phone = hasPhone ? stored(normalisePhone(typed)) : null;

    const tier = tierOf(tierRoll);
    // more members joined lately than at the start (the programme grew): density rising over the years
    const joinedAt = MEMBERS_SINCE + Math.floor((MEMBERS_AS_OF - MEMBERS_SINCE) * Math.sqrt(joinedRoll));
    // a tier above bronze was reached within the year before the data stands (else it would have lapsed)
    const tierSince = tier.tier === 'bronze' ? joinedAt : Math.max(joinedAt, MEMBERS_AS_OF - Math.floor(YEAR_MS * tierRoll2));
    const openingPoints = balanceRoll < ZERO_BALANCE_SHARE ? 0 : 1 + Math.floor(-Math.log(1 - pointsRoll) * tier.meanPoints);
    return {
      slot,
      id: seedUuid(seededAt(slot), this.idHash, slot),
      cardNumber: memberCardNumber(this.card.prefix, this.card.block, slot + 1),
      name,
      nameKey: searchKey(name),
      email,
      phone,
      tier: tier.tier,
      tierSince,
      active,
      joinedAt,
      openingPoints,
    };
  }
}

// ---------------------------------------------------------------- bulk writing

/**
 * Rows per INSERT statement. Measured at 1M members on the 2 shared cores (first version of the
 * writer, an array per row): 1,000 rows per statement 58–71 s against 75–86 s for one row per
 * statement (the ledger and events written the same way). Members per transaction, current
 * writer: 100,000 took 41–43 s where 50,000 took 46 s (the random email, phone and name index
 * pages are written out once per commit); 200,000 gained nothing more.
 */
export const MEMBERS_PER_STATEMENT = 1000;
export const DEFAULT_MEMBER_BATCH = 100_000;

/**
 * Rows for one table, bound straight into one flat parameter list (no array per row: at a million
 * rows the garbage collector was a fifth of the run) and written as one INSERT per `perStatement`
 * rows. Raw SQL, as the product seed's: one 1,000-row statement compiled once per connection
 * (drizzle would build the SQL of a multi-row insert on every call). Full chunks use a fixed VALUES list; the rest of a batch goes as one JSON array (one
 * statement for any length, so no statement is compiled per remainder size).
 */
class BulkInsert {
  /** the values of the rows not written yet, row after row: push a row's `width` values, then call endRow */
  readonly values: unknown[] = [];
  /** what RETURNING gave, when the statement has one */
  readonly returned: unknown[] = [];
  private rows = 0;
  private readonly full: string;
  private readonly json: string;

  constructor(
    private readonly sqlite: Sqlite,
    head: string,
    private readonly width: number,
    private readonly perStatement: number,
    private readonly tail = '',
  ) {
    const row = `(${Array<string>(width).fill('?').join(', ')})`;
    this.full = `${head} VALUES ${Array<string>(perStatement).fill(row).join(', ')}${tail}`;
    this.json = `${head} SELECT ${Array.from({ length: width }, (_, i) => `r.value->>${i}`).join(', ')} FROM json_each(?) r ORDER BY r.key${tail}`;
  }

  endRow(): void {
    if (++this.rows === this.perStatement) this.flush();
  }

  /** Write the rows pushed so far. */
  flush(): void {
    if (this.rows === 0) return;
    let params: unknown[];
    let sql: string;
    if (this.rows === this.perStatement) [params, sql] = [this.values, this.full];
    else {
      const rows: unknown[][] = [];
      for (let i = 0; i < this.values.length; i += this.width) rows.push(this.values.slice(i, i + this.width));
      [params, sql] = [[JSON.stringify(rows)], this.json];
    }
    const statement = prepared(this.sqlite, sql);
    if (this.tail) for (const row of statement.all(params)) this.returned.push(row);
    else statement.run(params);
    this.values.length = 0;
    this.rows = 0;
  }
}

const MEMBER_INSERT = `INSERT OR IGNORE INTO members (id, card_number, name, name_key, email, phone, tier, tier_since, active, points_balance,
  joined_at, updated_at, erased_at)`;
const LEDGER_INSERT = `INSERT INTO points_ledger (id, member_id, kind, points, balance_after, sale_id, transfer_id, reason, staff_id,
  approved_by, terminal_id, at)`;
const EVENT_INSERT = 'INSERT INTO outbox (id, created_at, topic, entity_id, payload)';
const EXISTING_CARDS = 'SELECT card_number FROM members WHERE card_number >= ? AND card_number <= ?';
const ADVANCE_COUNTER =
  'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)';

export interface SeedMembersResult {
  requested: number;
  inserted: number;
  /** slots whose card (or id, email, phone) was already in the database */
  existing: number;
  /** `adjust` ledger rows written for opening balances */
  openingBalances: number;
  aborted: boolean;
  elapsedMs: number;
}

/**
 * `count` demo members in transactions of `batchSize`, progress and an abort check between them.
 * With `openingBalances` each member with points gets them as one `adjust` ledger row (reason
 * 'Opening balance') and the same cached balance; without, members start at 0 (seeded sales earn
 * them points through the real sale code). As the product seed does, what goes in reaches the
 * outbox: a `member.upserted` event per member, a `points.moved` per ledger row, checked against
 * their schemas. No audit rows and no journal entries: seeding is not a cashier's act (the product
 * seed writes none either).
 */
export function seedMembers(
  terminal: Pick<Terminal, 'sqlite' | 'ctx'>,
  options: {
    count: number;
    seed: number;
    batchSize: number;
    openingBalances: boolean;
    terminalId: string;
    /** rows per INSERT statement (default MEMBERS_PER_STATEMENT; 1 = one statement per row), kept to measure the difference */
    rowsPerStatement?: number;
  },
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): SeedMembersResult {
  const started = performance.now();
  const { sqlite } = terminal;
  const { cardPrefix, cardBlock } = readSettings(terminal.ctx).loyalty;
  const generator = new MemberGenerator(options.seed, { prefix: cardPrefix, block: cardBlock });
  const counter = `member_card:${cardPrefix}:${cardBlock}`;
  const ledgerHash = hash32(options.seed, LEDGER_SALT);
  const eventHash = hash32(options.seed, EVENT_SALT);
  const result: SeedMembersResult = {
    requested: options.count,
    inserted: 0,
    existing: 0,
    openingBalances: 0,
    aborted: false,
    elapsedMs: 0,
  };
  const perStatement = Math.max(1, Math.min(options.rowsPerStatement ?? MEMBERS_PER_STATEMENT, 2000));
  const cardBody = (slot: number) => `${cardPrefix}${String(cardBlock).padStart(3, '0')}${String(slot + 1).padStart(7, '0')}`;

  onProgress?.(0, options.count);
  for (let first = 0; first < options.count; first += options.batchSize) {
    if (signal?.aborted) {
      result.aborted = true;
      break;
    }
    const last = Math.min(options.count, first + options.batchSize) - 1;
    const tally = sqlite
      .transaction(() => {
        const taken = new Set(
          prepared<[string, string], { card_number: string }>(sqlite, EXISTING_CARDS)
            .all(cardBody(first), `${cardBody(last)}9`)
            .map((r) => r.card_number),
        );
        const size = last - first + 1;
        prepared(sqlite, ADVANCE_COUNTER).run(counter, last + 1);
        if (taken.size >= size) return { inserted: 0, existing: size, ledger: 0 };
        const fresh: SeedMember[] = [];
        for (let slot = first; slot <= last; slot++) {
          const member = generator.at(slot);
          if (!taken.has(member.cardNumber)) fresh.push(member);
        }
        const memberRows = new BulkInsert(sqlite, MEMBER_INSERT, 13, perStatement, ' RETURNING id');
        const ledgerRows = new BulkInsert(sqlite, LEDGER_INSERT, 12, perStatement);
        const eventRows = new BulkInsert(sqlite, EVENT_INSERT, 5, perStatement);
        let inserted = 0;
        let ledger = 0;
        for (let i = 0; i < fresh.length; i += perStatement) {
          const chunk = fresh.slice(i, i + perStatement);
          for (const m of chunk) {
            memberRows.values.push(
              m.id,
              m.cardNumber,
              m.name,
              m.nameKey,
              m.email,
              m.phone,
              m.tier,
              m.tierSince,
              m.active ? 1 : 0,
              options.openingBalances ? m.openingPoints : 0,
              m.joinedAt,
              seededAt(m.slot),
              null,
            );
            memberRows.endRow();
          }
          memberRows.flush();
          // a slot whose id, email or phone another member has was left out: only what went in gets a ledger and events
          const ids = new Set((memberRows.returned as { id: string }[]).map((r) => r.id));
          memberRows.returned.length = 0;
          for (const m of chunk) {
            if (!ids.has(m.id)) continue;
            inserted++;
            // the events central rebuilds the members from: each member, then its points; each payload checked as emitEvent checks it
            const at = seededAt(m.slot);
            const member = eventSchemas['member.upserted'].parse({
              v: 1,
              id: m.id,
              cardNumber: m.cardNumber,
              name: m.name,
              email: m.email,
              phone: m.phone,
              tier: m.tier,
              tierSince: m.tierSince,
              active: m.active,
              joinedAt: m.joinedAt,
              updatedAt: at,
              erasedAt: null,
            });
            eventRows.values.push(seedUuid(at, eventHash, 2 * m.slot), at, 'member.upserted', m.id, JSON.stringify(member));
            eventRows.endRow();
            const points = options.openingBalances ? m.openingPoints : 0;
            if (points === 0) continue;
            const id = seedUuid(at, ledgerHash, m.slot);
            ledgerRows.values.push(
              id,
              m.id,
              'adjust',
              points,
              points,
              null,
              null,
              OPENING_BALANCE_REASON,
              null,
              null,
              options.terminalId,
              at,
            );
            ledgerRows.endRow();
            ledger++;
            const moved = eventSchemas['points.moved'].parse({
              v: 1,
              id,
              memberId: m.id,
              kind: 'adjust',
              points,
              balanceAfter: points,
              saleId: null,
              transferId: null,
              reason: OPENING_BALANCE_REASON,
              staffId: null,
              approvedBy: null,
              terminalId: options.terminalId,
              at,
            });
            eventRows.values.push(seedUuid(at, eventHash, 2 * m.slot + 1), at, 'points.moved', id, JSON.stringify(moved));
            eventRows.endRow();
          }
        }
        ledgerRows.flush();
        eventRows.flush();
        return { inserted, existing: size - inserted, ledger };
      })
      .immediate();
    result.inserted += tally.inserted;
    result.existing += tally.existing;
    result.openingBalances += tally.ledger;
    onProgress?.(last + 1, options.count);
  }
  result.elapsedMs = Math.round(performance.now() - started);
  return result;
}

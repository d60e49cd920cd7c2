import { parseArgs } from 'node:util';
import { DatabaseTooNewError, MigrationFailedError } from '../core/db/migrate';
import { backupCommand, restoreCommand } from './backupCommands';
import { centralCommand } from './centralCommands';
import {
  callCommand,
  contractCommand,
  type Io,
  migrateCommand,
  outboxCommand,
  seedCommand,
  serveCommand,
  UsageError,
  verifyCommand,
} from './commands';
import { exportCommand } from './exportCommands';
import { importCommand } from './importCommands';
import { loyaltyCommand } from './loyaltyCommands';
import { reportCommand } from './reportCommands';
import { syncCommand } from './syncCommands';

const HELP = `ringup — the Ringup terminal from the command line

Usage: ringup <command> [options]

  migrate  --db FILE [--json]                 bring the database to the latest schema (backs up first)
  seed     --db FILE [--products N] [--members N] [--sales N] [--seed S] [--staff] [--json]
                                              deterministic demo data; twice adds nothing; --staff adds demo staff and prints their PINs;
                                              --members N loyalty members with opening balances (with --sales: points earned by those sales)
  serve    --db FILE [--port P] [--token T] [--central URL]
                                              web mode on 127.0.0.1 (prints the address with its token); syncs with
                                              --central (or $RINGUP_CENTRAL_URL) when given
  contract                                    the JSON Schema of every channel
  backup   --db FILE [--out FILE] [--passphrase-file F] [--json]
                                              online backup, verified after writing (default: the backup folder beside the database)
  restore  --db FILE --from FILE [--passphrase-file F] [--json]
                                              verify the backup, back up the current database, replace it atomically, migrate
  export   --db FILE --what KIND [--from D] [--to D] --out FILE [--bom] [--json]
                                              one kind of record as CSV (KIND: sales, sale_lines, payments, refunds, shifts,
                                              stock_movements, products, members, points_ledger, audit_log; days in the store's zone)
  import   products --db FILE --file F [--dry-run] [--json]
                                              products from CSV (the product export's format), by SKU; any bad row: nothing
                                              applied, every bad line listed (exit 1); else all in one transaction
  loyalty  expire --db FILE [--dry-run] [--json]
                                              expire the points of members with no points activity and no purchase for
                                              loyalty.pointsExpireAfterMonths (what the daily run does); --dry-run only counts
  verify   --db FILE [--json]                 integrity, foreign keys, schema, search index (exit 1 on a problem)
  report   --db FILE --from YYYY-MM-DD [--to YYYY-MM-DD] [--top N] [--json]
                                              the sales report of those local days (store's time zone), read-only
  outbox   --db FILE [--pending] [--limit N] [--json]
                                              the events for the central database, oldest first (--json: one per line)
  call     --db FILE <channel> [JSON] [--pin PIN [--staff NAME]]
                                              one call; prints the envelope; exit 1 on an error envelope
  central  migrate [--url URL] [--json]       bring the central PostgreSQL to this app's central schema
                                              (--url defaults to $RINGUP_CENTRAL_URL; the password is never printed)
  sync     --db FILE [--central URL] [--once] [--json]
                                              push this terminal's events to central and pull the catalogue and members;
                                              --once: until nothing waits, then exit 0 (or 1 saying why); else keep syncing

--db defaults to $RINGUP_DB. Without --pin, call runs with operator rights (whoever holds the file).`;

/** Run the CLI with the given arguments; returns the exit code. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  const options = {
    db: { type: 'string' },
    json: { type: 'boolean' },
    products: { type: 'string' },
    members: { type: 'string' },
    sales: { type: 'string' },
    seed: { type: 'string' },
    staff: { type: 'string' },
    port: { type: 'string' },
    token: { type: 'string' },
    static: { type: 'string' },
    central: { type: 'string' },
    pin: { type: 'string' },
    pending: { type: 'boolean' },
    limit: { type: 'string' },
    top: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    file: { type: 'string' },
    'dry-run': { type: 'boolean' },
    out: { type: 'string' },
    from: { type: 'string' },
    'passphrase-file': { type: 'string' },
    what: { type: 'string' },
    to: { type: 'string' },
    bom: { type: 'boolean' },
  } as const;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    // central has its own options (--url) and sub-commands
    if (command === 'central') return await centralCommand(rest, io);
    if (command === 'sync') return await syncCommand(rest, io);
    // seed's --staff is a flag; call's --staff names a person
    const parsed = parseArgs({
      args: rest,
      options: command === 'seed' ? { ...options, staff: { type: 'boolean' } } : options,
      allowPositionals: true,
      strict: true,
    });
    const v = parsed.values as Record<string, string | boolean | undefined>;
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    if (v.help) {
      io.out(HELP);
      return 0;
    }
    switch (command) {
      case 'migrate':
        return await migrateCommand({ db: str('db'), json: v.json === true }, io);
      case 'seed':
        return await seedCommand(
          {
            db: str('db'),
            products: str('products'),
            members: str('members'),
            sales: str('sales'),
            seed: str('seed'),
            staff: v.staff === true,
            json: v.json === true,
          },
          io,
        );
      case 'serve':
        return await serveCommand(
          { db: str('db'), port: str('port'), token: str('token'), static: str('static'), central: str('central'), json: v.json === true },
          io,
        );
      case 'backup':
        return await backupCommand({ db: str('db'), out: str('out'), passphraseFile: str('passphrase-file'), json: v.json === true }, io);
      case 'restore':
        return await restoreCommand(
          { db: str('db'), from: str('from'), passphraseFile: str('passphrase-file'), json: v.json === true },
          io,
        );
      case 'export':
        return await exportCommand(
          {
            db: str('db'),
            what: str('what'),
            from: str('from'),
            to: str('to'),
            out: str('out'),
            bom: v.bom === true,
            json: v.json === true,
          },
          io,
        );
      case 'import':
        return await importCommand(
          { what: parsed.positionals[0], db: str('db'), file: str('file'), dryRun: v['dry-run'] === true, json: v.json === true },
          io,
        );
      case 'loyalty':
        return await loyaltyCommand(
          { action: parsed.positionals[0], db: str('db'), dryRun: v['dry-run'] === true, json: v.json === true },
          io,
        );
      case 'contract':
        return contractCommand(io);
      case 'verify':
        return verifyCommand({ db: str('db'), json: v.json === true }, io);
      case 'report':
        return reportCommand({ db: str('db'), from: str('from'), to: str('to'), top: str('top'), json: v.json === true }, io);
      case 'outbox':
        return outboxCommand({ db: str('db'), pending: v.pending === true, json: v.json === true, limit: str('limit') }, io);
      case 'call':
        return await callCommand(
          { db: str('db'), pin: str('pin'), staff: str('staff'), channel: parsed.positionals[0], input: parsed.positionals[1] },
          io,
        );
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n\n${HELP}`);
      return 2;
    }
    if (error instanceof DatabaseTooNewError || error instanceof MigrationFailedError) {
      io.err(error.message);
      return 1;
    }
    io.err(`ringup ${command}: ${(error as Error).message}`);
    return 1;
  }
}

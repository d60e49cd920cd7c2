import { parseArgs } from 'node:util';
import { describeDatabaseError, maskConnectionString } from '../core/sync/central/connection';
import {
  CentralDatabaseTooNewError,
  CentralMigrationFailedError,
  CentralSchemaMismatchError,
  migrateCentral,
} from '../core/sync/central/migrate';
import { type Io, UsageError } from './commands';

const CENTRAL_HELP = `ringup central — the central PostgreSQL database of a chain

Usage: ringup central migrate [--url URL] [--json]

  migrate  bring the central database to this app's central schema (one transaction; two terminals
           at once are safe; a database migrated by a newer Ringup is refused)

--url defaults to $RINGUP_CENTRAL_URL (postgres://user:password@host:5432/db?sslmode=require).
The password is never printed.`;

/** `ringup central migrate --url URL [--json]`: apply the embedded central migrations to a PostgreSQL database. */
export async function centralCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseArgs({
    args,
    options: { url: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...extra] = parsed.positionals;
  if (parsed.values.help || action === 'help') {
    io.out(CENTRAL_HELP);
    return 0;
  }
  if (action !== 'migrate' || extra.length > 0) throw new UsageError('Say what to do: ringup central migrate --url URL [--json]');
  const url = parsed.values.url ?? process.env.RINGUP_CENTRAL_URL;
  if (!url) throw new UsageError('Say which central database: --url URL (or set RINGUP_CENTRAL_URL).');
  const shown = maskConnectionString(url);
  try {
    const report = await migrateCentral(url);
    if (parsed.values.json) io.out(JSON.stringify({ url: shown, ...report }));
    else if (report.applied.length === 0) io.out(`Central database ${shown} is up to date (central schema ${report.to}).`);
    else io.out(`Migrated central database ${shown}, schema ${report.from} → ${report.to}: ${report.applied.join(', ')}`);
    return 0;
  } catch (error) {
    if (
      error instanceof CentralDatabaseTooNewError ||
      error instanceof CentralSchemaMismatchError ||
      error instanceof CentralMigrationFailedError
    )
      io.err(describeDatabaseError(error, url));
    else io.err(`ringup central migrate: ${shown}: ${describeDatabaseError(error, url)}`);
    return 1;
  }
}

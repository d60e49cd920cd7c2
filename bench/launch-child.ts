/*
 * One launch of the terminal core, run in a fresh process by catalog.bench.ts:
 *   node --import tsx bench/launch-child.ts DB_FILE QUERY
 * (or the same file bundled with esbuild and run with plain node, as a packaged app would).
 * Prints one JSON line of milestones, all in ms since the process started (performance.now()).
 */
import { newSession } from '../electron/core/session';

async function main(): Promise<void> {
  const entered = performance.now();
  const [file, query = 'a'] = process.argv.slice(2);
  if (!file) throw new Error('usage: launch-child DB_FILE [QUERY]');
  const { openTerminal } = await import('../electron/core/terminal');
  const imported = performance.now();
  const terminal = await openTerminal(file);
  const opened = performance.now();
  const result = terminal.router.invoke('catalog.search', { query, limit: 20 }, newSession(true));
  const ready = performance.now();
  if (!result.ok) throw new Error(`first search failed: ${JSON.stringify(result.error)}`);
  const hits = (result.data as { items: unknown[] }).items.length;
  process.stdout.write(
    `${JSON.stringify({
      entered,
      imported,
      opened,
      ready,
      hits,
      openMs: opened - imported,
      firstSearchMs: ready - opened,
      openAndSearchMs: ready - imported,
      applied: terminal.migration.applied.length,
    })}\n`,
  );
  // leave without PRAGMA optimize: the launch is what is measured, and the file stays as it was
  terminal.sqlite.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

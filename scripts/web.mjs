// `npm run web [-- --db FILE --port P --token T --no-build]`: build the renderer with Vite and
// serve it with the core behind the loopback bridge (`ringup serve`).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const serveArgs = args.filter((a) => a !== '--no-build');

if (!noBuild) {
  const vite = join(root, 'node_modules/vite/bin/vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'vite.renderer.config.mts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) {
    console.error('The renderer did not build; see the errors above.');
    process.exit(build.status ?? 1);
  }
}
if (!serveArgs.includes('--db') && !process.env.RINGUP_DB) {
  mkdirSync(join(root, '.ringup'), { recursive: true });
  serveArgs.push('--db', join(root, '.ringup/web.db'));
}
const child = spawn(process.execPath, [join(root, 'bin/ringup.mjs'), 'serve', ...serveArgs], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

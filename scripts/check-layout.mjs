// Fails (exit 1) when a file breaks the import table of ARCHITECTURE.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFile } from './layout-rules.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function* sources(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name)) yield full;
  }
}

const problems = [];
let count = 0;
for (const top of ['electron', 'src']) {
  for (const file of sources(join(root, top))) {
    count++;
    problems.push(...checkFile(relative(root, file).replaceAll('\\', '/'), readFileSync(file, 'utf8')));
  }
}
if (problems.length > 0) {
  console.error(`Layout check failed (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Layout check: ${count} files follow the import table.`);

/** A progress bar on stderr for people (TTY), or one line per 10 % for logs and pipes. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr, enabled = true) {
  const started = Date.now();
  let lastPhase = '';
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(phase: string, done: number, total: number): void {
      if (!enabled) return;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 80 && done < total && phase === lastPhase) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(
          `\r${phase.padEnd(12)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${total} ${seconds}s`,
        );
        if (done >= total) stream.write('\n');
      } else {
        const decile = Math.floor(fraction * 10);
        if (phase !== lastPhase || decile !== lastDecile)
          stream.write(`${phase}: ${(fraction * 100).toFixed(0)}% (${done}/${total}) ${seconds}s\n`);
        lastDecile = decile;
      }
      lastPhase = phase;
    },
  };
}

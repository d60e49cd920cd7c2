import { CODE128_PATTERNS } from '../../electron/core/features/receipts/code128';

/**
 * Read a Code 128-B barcode back from an SVG the way a scanner reads bars: rasterise the rects of
 * the bar group into modules, take the run lengths, split them into symbols, check start, checksum
 * and stop. Throws when anything does not decode.
 */
export function decodeCode128Svg(svg: string): string {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  const group = /<g fill="#000">(.*?)<\/g>/s.exec(svg);
  if (!viewBox || !group) throw new Error('not a barcode SVG');
  const modules = new Array<number>(Number(viewBox[1])).fill(0);
  for (const rect of (group[1] ?? '').matchAll(/<rect x="(\d+)" y="0" width="(\d+)"/g)) {
    const x = Number(rect[1]);
    for (let i = 0; i < Number(rect[2]); i++) modules[x + i] = 1;
  }
  const first = modules.indexOf(1);
  const last = modules.lastIndexOf(1);
  if (first < 10 || modules.length - 1 - last < 10) throw new Error('quiet zone missing');
  const runs: number[] = [];
  for (let i = first; i <= last; i++) {
    if (i > first && modules[i] === modules[i - 1]) runs[runs.length - 1] = (runs.at(-1) ?? 0) + 1;
    else runs.push(1);
  }
  if ((runs.length - 7) % 6 !== 0) throw new Error(`odd number of elements: ${runs.length}`);
  const values: number[] = [];
  for (let i = 0; i < runs.length - 7; i += 6) {
    const value = CODE128_PATTERNS.indexOf(runs.slice(i, i + 6).join(''));
    if (value < 0 || value > 105) throw new Error(`unknown symbol at element ${i}`);
    values.push(value);
  }
  if (runs.slice(-7).join('') !== '2331112') throw new Error('no stop pattern');
  const [start, ...rest] = values;
  if (start !== 104) throw new Error('does not start with start B');
  const checksum = rest.pop();
  const expected = rest.reduce((sum, v, i) => sum + v * (i + 1), 104) % 103;
  if (checksum !== expected) throw new Error(`checksum ${checksum} is not ${expected}`);
  return String.fromCharCode(...rest.map((v) => v + 32));
}

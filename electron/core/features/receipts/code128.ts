// Code 128 (ISO/IEC 15417), code set B only: every receipt code is printable ASCII, and one code
// set keeps the encoder small enough to check by eye. Pure functions, no I/O.

/**
 * Element widths (bar, space, bar, …) in modules of the 107 symbols, indexed by symbol value.
 * 103–105 are the start codes A, B, C; 106 is the stop pattern (seven elements, the last a bar).
 */
// biome-ignore format: rows of ten symbols read like the published table
export const CODE128_PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];

export const CODE128_START_B = 104;
export const CODE128_STOP = 106;
/** Quiet zone on each side, in modules (the standard asks for at least ten). */
export const CODE128_QUIET_ZONE = 10;

/** The symbol values of `text` in code set B: start B, one per character, checksum, stop. */
export function code128BValues(text: string): number[] {
  if (text.length === 0) throw new RangeError('A Code 128 barcode needs at least one character.');
  const values = [CODE128_START_B];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 32 || code > 126) throw new RangeError(`Code 128-B cannot encode ${JSON.stringify(char)}.`);
    values.push(code - 32);
  }
  // checksum: start value plus each data value times its position, modulo 103
  const checksum = values.reduce((sum, value, position) => sum + value * Math.max(position, 1), 0) % 103;
  values.push(checksum, CODE128_STOP);
  return values;
}

/** The widths of the bars and spaces of `text`, in modules, bar first (no quiet zone). */
export function code128BWidths(text: string): number[] {
  return code128BValues(text).flatMap((value) => Array.from(CODE128_PATTERNS[value] ?? '', Number));
}

/** The symbol as a row of modules: "1" for bar, "0" for space (no quiet zone). */
export function code128BModules(text: string): string {
  return code128BWidths(text)
    .map((width, i) => (i % 2 === 0 ? '1' : '0').repeat(width))
    .join('');
}

export interface Code128SvgOptions {
  /** bar height in modules (the SVG scales to its box; this sets the aspect ratio) */
  heightModules?: number;
  /** accessible name of the image */
  label?: string;
}

/** An inline SVG of `text` in Code 128-B: one rect per bar, in module units, crisp when printed. */
export function code128BSvg(text: string, options: Code128SvgOptions = {}): string {
  const widths = code128BWidths(text);
  const height = options.heightModules ?? 40;
  const quiet = CODE128_QUIET_ZONE;
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * quiet;
  const rects: string[] = [];
  let x = quiet;
  widths.forEach((width, i) => {
    if (i % 2 === 0) rects.push(`<rect x="${x}" y="0" width="${width}" height="${height}"/>`);
    x += width;
  });
  const label = escapeXml(options.label ?? text);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="barcode" viewBox="0 0 ${total} ${height}" ` +
    `preserveAspectRatio="none" shape-rendering="crispEdges" role="img" aria-label="${label}" data-code="${escapeXml(text)}">` +
    `<rect x="0" y="0" width="${total}" height="${height}" fill="#fff"/><g fill="#000">${rects.join('')}</g></svg>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A scanner that typed into a field leaves its code at the end of the text: take it back out. */
export function stripScan(text: string, code: string): string {
  return code && text.endsWith(code) ? text.slice(0, -code.length) : text;
}

/**
 * Reduce a label to what matters for matching: letters and digits, lower case.
 * "RTDR URL:", "rtdr-url" and " R.T.D.R  url *" all become "rtdrurl".
 */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

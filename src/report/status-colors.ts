/** One colour per status, the same in every report: the Billers sheet's fills, the Summary's chart, the mail. */
import type { BillerStatus } from '../core/status.js';

/** ARGB, as the xlsx styles take them. */
export const STATUS_FILL: Record<BillerStatus, string> = {
  'rollback-failed': 'FFFF0000',
  failed: 'FFF4B084',
  blocked: 'FFFFD966',
  invalid: 'FFFFE699',
  interrupted: 'FFD9D9D9',
  scheduled: 'FFDDEBF7',
  planned: 'FFBDD7EE',
  'rolled-back': 'FFE4DFEC',
  converted: 'FFC6EFCE',
  'already-converted': 'FFE2EFDA',
};

/** #RRGGBB for html. */
export function statusHex(s: BillerStatus): string {
  return `#${STATUS_FILL[s].slice(2)}`;
}

import type { IssueCode } from '../core/issues.js';
import type { ReadLimits } from './limits.js';

/** A file that cannot be read, with the issue code and a sentence for the operator. */
export class ReadError extends Error {
  constructor(
    readonly code: IssueCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReadError';
  }
}

/** A sheet over the reader's limits (both readers say it the same way). */
export function sheetTooLarge(name: string, what: string, limits: ReadLimits): ReadError {
  return new ReadError(
    'FILE.TOO_LARGE',
    `sheet "${name}" has ${what}; a worksheet is far smaller ` +
      `(limits maxRows ${limits.maxRows}, maxColumns ${limits.maxColumns})`,
  );
}

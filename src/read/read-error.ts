import type { IssueCode } from '../core/issues.js';

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

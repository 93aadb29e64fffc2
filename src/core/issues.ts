/**
 * Worksheet and file issues: expected failures are data with a stable code, never exceptions.
 * Codes are part of the tool's contract (scripts and the results workbook filter on them).
 */

export const ISSUE_CODES = {
  // The file as a whole.
  'FILE.NOT_FOUND': 'the path does not exist',
  'FILE.UNREADABLE': 'the file could not be read (permissions, a folder, a device)',
  'FILE.EMPTY': 'the file has zero bytes',
  'FILE.CORRUPT': 'the file is damaged or not what its name says',
  'FILE.ENCRYPTED': 'the workbook is password-protected',
  'FILE.TOO_LARGE': 'the file, its inflated content, its rows or its columns exceed a limit',
  'FILE.TIMEOUT': 'reading the file took longer than the limit',
  'FILE.UNSUPPORTED_FORMAT': 'a spreadsheet format the tool does not read',
  'FILE.ENCODING_GUESSED':
    'a text file that is not UTF-8, read in the one legacy code page (Windows-1252, cp850, cp437, Mac Roman) that ' +
    'reads it as text',
  'FILE.ENCODING_UNKNOWN': 'a text file that is not UTF-8 and whose code page cannot be told for sure: refused',
  'FILE.IGNORED': 'not a worksheet',
  // Finding billers in the file.
  'WORKSHEET.NO_BILLER': 'no sheet of the file holds a biller',
  'WORKSHEET.SHEET_IGNORED': 'a sheet without worksheet fields',
  'WORKSHEET.UNKNOWN_LABEL': 'a label that looks like a field but matches none in the field map',
  'WORKSHEET.DUPLICATE_FIELD': 'the same field appears twice for one biller',
  'WORKSHEET.DUPLICATE_BILLER': 'the same biller appears twice in one file',
  'WORKSHEET.VALUE_NOT_BESIDE_LABEL':
    'a form value is not in the cell right of its label (that cell is empty, a value sits further right)',
  'WORKSHEET.SEVERAL_VALUES': 'a form label has several values to its right (billers side by side?)',
  'WORKSHEET.HEADER_REPEATED': "a table's header row appears again further down",
  'WORKSHEET.CELL_ERROR': 'a cell holds an error value (#N/A, #REF!…) instead of a value',
  'WORKSHEET.FORMULA_NO_RESULT': 'a formula whose result is not saved in the file (no <v>, or an empty one)',
  // What the cell held, for the field it feeds (src/core/cell-text.ts).
  'WORKSHEET.SECRET_NOT_TEXT': 'a private key or password held as a number, a date or TRUE/FALSE, not text',
  'WORKSHEET.DATE_IN_TEXT_FIELD': 'a date cell where a username, URL or GUID is expected',
  'WORKSHEET.BOOLEAN_IN_TEXT_FIELD': 'TRUE or FALSE where a username, URL or GUID is expected',
  'WORKSHEET.NUMBER_PRECISION': 'a number of more than 15 significant digits in a text field (Excel lost digits)',
  'WORKSHEET.NUMBER_FORMAT_UNREADABLE': 'a number whose format code cannot be read, so its shown text is unknown',
  'WORKSHEET.FORMULA_NOT_ALLOWED': 'a private key, password, username, URL or GUID that comes from a formula',
  'WORKSHEET.FORMULA_UNTRUSTED':
    'a formula in a workbook that asks to be recalculated on load (its saved result is stale)',
  'WORKSHEET.FORMULA_RESULT': "a value read from a formula's saved result",
  'WORKSHEET.INVALID': 'a biller refused by validation whose issue names no cell (the Errors sheet lists them all)',
  // Field rules.
  'WORKSHEET.REQUIRED_MISSING': 'a required field is empty or absent',
  'WORKSHEET.GUID_INVALID': 'not a GUID',
  'WORKSHEET.URL_INVALID': 'not an absolute URL',
  'WORKSHEET.URL_NOT_HTTPS': 'a URL that is not https',
  'WORKSHEET.DATE_INVALID': 'not a real date',
  'WORKSHEET.DATE_AMBIGUOUS': 'a date read from a bare number (an Excel serial)',
  'WORKSHEET.DATE_ORDER_AMBIGUOUS': 'a typed date whose day and month can be swapped (06/07/2030)',
  'WORKSHEET.PIPE_IN_SECRET': "a private key or password holds '|', the separator of settings 10 and 13",
  'WORKSHEET.LINE_BREAK': 'a single-line value holds a line break',
  'WORKSHEET.SECRET_WHITESPACE': 'a private key or password starts or ends with a space',
  'WORKSHEET.SECRET_TOO_SHORT':
    'a private key or password is shorter than the minimum the tool can keep out of logs (8 characters)',
  'WORKSHEET.SECRET_PAIR_INCOMPLETE': 'only one of a private key and its password is given',
  'WORKSHEET.TOO_LONG': 'a value longer than the field allows',
  'WORKSHEET.CONTROL_CHARACTER':
    'a value holds a character a person cannot see (a control; in a secret, username, URL or GUID also a format, ' +
    'zero-width, bidi or filler character, or a space other than the ordinary one)',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;
export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  code: IssueCode;
  severity: Severity;
  file: string;
  sheet?: string;
  cell?: string;
  /** The field's label as the field map names it (never a value). */
  field?: string;
  /** One sentence an operator can act on. Never holds a secret value. */
  message: string;
}

/** "town.xlsx › Biller!C7 › RTDR URL: must start with https://" */
export function formatIssue(issue: Issue): string {
  const where = [issue.file];
  if (issue.sheet !== undefined && issue.sheet !== '')
    where.push(issue.cell ? `${issue.sheet}!${issue.cell}` : issue.sheet);
  else if (issue.cell) where.push(issue.cell);
  if (issue.field) where.push(issue.field);
  return `${where.join(' › ')}: ${issue.message}`;
}

/**
 * Quote a non-secret value for a message: short, one line, control characters made visible,
 * so a hostile cell cannot forge extra lines in a report or a log.
 */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

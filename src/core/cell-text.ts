/**
 * What a cell means for a field: the text the author sees in Excel, or a refusal. The reader only
 * says what the file held (grid.ts); this module decides, per field type and cell kind, whether
 * that is trustworthy. A number is shown under its number format (numfmt: ECMA-376 format codes,
 * as Excel renders them); a secret, username, URL or GUID must be typed text, because Excel
 * changes what was typed into a number, a date or a formula result without telling anyone.
 */
import { format as formatNumber } from 'numfmt';
import type { FieldKey, FieldSpec } from './field-map.js';
import type { NormCell } from './grid.js';
import type { Problem, RuleInput } from './field-rules.js';

/** Fields whose value must reach the CRM exactly as typed: a character off breaks an integration. */
export type Exactness = 'secret' | 'username' | 'url' | 'guid';

const USERNAMES: ReadonlySet<FieldKey> = new Set(['rtdrUsername', 'paymentsUsername', 'ftpUsername']);
/** Fields that feed neither the CRM nor the schedule: what is wrong with them is a warning. */
const INFORMATIONAL: ReadonlySet<FieldKey> = new Set(['billerContact']);

export function exactness(spec: FieldSpec): Exactness | undefined {
  if (spec.type === 'secret') return 'secret';
  if (spec.type === 'guid') return 'guid';
  if (spec.type === 'httpsUrl') return 'url';
  return USERNAMES.has(spec.key) ? 'username' : undefined;
}

const WHAT: Record<Exactness, string> = {
  secret: 'a private key or password',
  username: 'a username',
  url: 'a URL',
  guid: 'a GUID',
};
const RETYPE = 'format the cell as Text (Format Cells › Number › Text), type the value again and save';

/** The input the field rules check, with warnings about how it was read; or the reason it cannot be trusted. */
export type CellReading = { input: RuleInput; warnings: Problem[] } | { problem: Problem };

export function readCell(spec: FieldSpec, cell: NormCell): CellReading {
  const exact = exactness(spec);
  const severity = INFORMATIONAL.has(spec.key) ? 'warning' : 'error';
  if (cell.kind === 'formula') return readFormula(spec, cell, exact, severity);
  if (cell.kind === 'error') return errorValue(cell, severity);
  return readValue(spec, cell, exact, []);
}

function readFormula(
  spec: FieldSpec,
  cell: NormCell,
  exact: Exactness | undefined,
  severity: Problem['severity'],
): CellReading {
  if (exact) {
    return {
      problem: {
        code: 'WORKSHEET.FORMULA_NOT_ALLOWED',
        message:
          `comes from a formula; ${WHAT[exact]} must be the value itself: replace the formula by its value (copy the ` +
          'cell, Paste Special › Values), check it and save',
      },
    };
  }
  if (cell.result === 'none') {
    return {
      problem: {
        code: 'WORKSHEET.FORMULA_NO_RESULT',
        severity,
        message:
          'holds a formula whose result is not saved in the file, so what Excel shows is unknown; open the file in ' +
          'Excel and save it, or type the value instead of the formula',
      },
    };
  }
  if (cell.recalc) {
    return {
      problem: {
        code: 'WORKSHEET.FORMULA_UNTRUSTED',
        severity,
        message:
          'holds a formula in a workbook that asks to be recalculated when opened (as XlsxWriter writes them), so ' +
          'its saved result is not what Excel shows; open the file in Excel and save it, or type the value',
      },
    };
  }
  if (cell.result === 'error') return errorValue(cell, severity);
  const warning: Problem = {
    code: 'WORKSHEET.FORMULA_RESULT',
    severity: 'warning',
    message:
      'was read from the saved result of a formula, as Excel last calculated it; type the value instead to be sure',
  };
  return readValue(spec, { ...cell, kind: cell.result ?? 'text' }, undefined, [warning]);
}

function errorValue(cell: NormCell, severity: Problem['severity']): CellReading {
  return {
    problem: {
      code: 'WORKSHEET.CELL_ERROR',
      severity,
      message:
        `holds the error ${cell.error ?? 'value'} instead of a value; correct the cell (or its formula) so that it ` +
        'shows the value',
    },
  };
}

function readValue(spec: FieldSpec, cell: NormCell, exact: Exactness | undefined, warnings: Problem[]): CellReading {
  const link = cell.link !== undefined ? { link: cell.link } : {};
  switch (cell.kind) {
    case 'number':
      return readNumber(spec, cell, exact, warnings);
    case 'date': {
      if (exact === 'secret')
        return {
          problem: {
            code: 'WORKSHEET.SECRET_NOT_TEXT',
            message: `is a date cell: Excel turned what was typed (such as 1-2 or 3/4) into a date; ${RETYPE}`,
          },
        };
      if (exact)
        return {
          problem: {
            code: 'WORKSHEET.DATE_IN_TEXT_FIELD',
            message: `is a date cell, but ${WHAT[exact]} is text: Excel turned what was typed into a date; ${RETYPE}`,
          },
        };
      if (spec.type === 'date') return { input: { text: cell.text }, warnings };
      return shown(cell, warnings, link);
    }
    case 'boolean': {
      if (exact === 'secret')
        return {
          problem: {
            code: 'WORKSHEET.SECRET_NOT_TEXT',
            message:
              'is a logical (yes/no) value, not text: Excel turns some words into logical values as they are typed; ' +
              `${RETYPE}`,
          },
        };
      if (exact)
        return {
          problem: {
            code: 'WORKSHEET.BOOLEAN_IN_TEXT_FIELD',
            message: `is the logical value ${cell.text}, but ${WHAT[exact]} is text; ${RETYPE}`,
          },
        };
      return { input: { text: cell.text, ...link }, warnings };
    }
    default:
      return { input: { text: cell.text, ...(cell.raw !== undefined ? { raw: cell.raw } : {}), ...link }, warnings };
  }
}

function readNumber(spec: FieldSpec, cell: NormCell, exact: Exactness | undefined, warnings: Problem[]): CellReading {
  const n = cell.number ?? Number(cell.text);
  if (exact === 'secret') {
    return {
      problem: {
        code: 'WORKSHEET.SECRET_NOT_TEXT',
        message:
          'is a number cell: Excel may have dropped leading zeros or digits of what was typed, so the value cannot ' +
          `be trusted; ${RETYPE}`,
      },
    };
  }
  // A date field reads a bare number as an Excel day number (with a warning, in the date rule).
  if (spec.type === 'date') return { input: { text: cell.text }, warnings };
  const digits = significantDigits(n);
  if (Math.abs(n) >= 1e15 || digits > 15) {
    return {
      problem: {
        code: 'WORKSHEET.NUMBER_PRECISION',
        message:
          'is a number of more than 15 significant digits; Excel keeps only 15, so digits were lost when it was ' +
          `typed; ${RETYPE}`,
      },
    };
  }
  return shown(cell, warnings, cell.link !== undefined ? { link: cell.link } : {});
}

/** The text Excel shows for a number or a date under its number format. General shows the number in full. */
function shown(cell: NormCell, warnings: Problem[], link: { link?: string }): CellReading {
  if (cell.format === undefined || cell.number === undefined) return { input: { text: cell.text, ...link }, warnings };
  let text: string;
  try {
    text = formatNumber(cell.format, cell.number, { locale: 'en-US', throws: true });
  } catch {
    return {
      problem: {
        code: 'WORKSHEET.NUMBER_FORMAT_UNREADABLE',
        message: `has a number format this tool cannot read, so the text Excel shows is unknown; ${RETYPE}`,
      },
    };
  }
  return { input: { text: text.trim(), ...link }, warnings };
}

/** Significant digits of the shortest decimal that reads back as n (0.1 + 0.2 has 17). */
export function significantDigits(n: number): number {
  if (!Number.isFinite(n) || n === 0) return n === 0 ? 1 : Infinity;
  const mantissa = Math.abs(n).toExponential().split('e')[0] ?? '';
  return mantissa.replace('.', '').replace(/0+$/, '').length;
}

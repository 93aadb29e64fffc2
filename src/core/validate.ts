/**
 * From a biller found in a sheet to a typed, validated biller record, or to issues that name
 * file, sheet, cell and field. Field rules live in field-rules.ts; this module applies them,
 * adds the rules that span fields, and checks the assembled record against its zod schema.
 * Which fields are required and which feed settings 8-13 is the field map's to say, not this schema's.
 */
import * as z from 'zod';
import type { Biller, WebServiceCredentials } from './biller.js';
import { readCell } from './cell-text.js';
import type { FieldKey, FieldSpec, LoadedFieldMap } from './field-map.js';
import { checkField, type Problem } from './field-rules.js';
import type { CellOrigin } from './grid.js';
import type { Issue, IssueCode } from './issues.js';
import type { RawBiller } from './layout.js';
import { Secret } from './secret.js';
import type { SettingFeed } from './setting-feeds.js';

const secret = z.instanceof(Secret);
const NO_VALUE: ReadonlySet<IssueCode> = new Set(['WORKSHEET.CELL_ERROR', 'WORKSHEET.FORMULA_NO_RESULT']);
const credentials = z.strictObject({
  // Empty only when the field map makes the URL optional (the field rules checked a given one).
  url: z.union([z.literal(''), z.url({ protocol: /^https$/ })]),
  username: z.string(),
  privateKey: secret,
  password: secret,
});

/** The contract of a validated biller: what the rest of the pipeline may rely on. */
const BillerSchema = z.strictObject({
  billerId: z.guid(),
  billerName: z.string(),
  conversionDate: z.iso.date().optional(),
  rtdr: credentials,
  payments: credentials,
  ftpUsername: z.string(),
  invoiceFormatGuid: z.guid().optional(),
  paymentDataPumpSelections: z.array(z.string().min(1)).optional(),
  billerContact: z.string().optional(),
  // The loaded field map's own (already checked) feeds, passed through as they are.
  feeds: z.custom<readonly SettingFeed[]>((v) => Array.isArray(v)),
  source: z.strictObject({
    file: z.string(),
    sheet: z.string(),
    row: z.number().int().positive().optional(),
    layout: z.enum(['form', 'table']),
    cells: z.record(z.string(), z.strictObject({ file: z.string(), sheet: z.string(), cell: z.string() })),
  }),
});

export interface Validated {
  /** Present when the biller has no error (warnings allowed). */
  biller?: Biller;
  /** The id and name as read, even when invalid, so reports can name the biller. */
  billerId?: string;
  billerName?: string;
  issues: Issue[];
}

type Report = (spec: FieldSpec, origin: CellOrigin | undefined, p: Problem) => void;
type Values = Partial<Record<FieldKey, string | string[]>>;

interface Read {
  values: Values;
  cells: Partial<Record<FieldKey, CellOrigin>>;
  /** Fields refused for what they hold (not for being empty). */
  unreadable: Set<FieldKey>;
}

export function validateBiller(raw: RawBiller, fm: LoadedFieldMap): Validated {
  const issues: Issue[] = [];
  const report: Report = (spec, origin, p) =>
    issues.push({
      code: p.code,
      severity: p.severity ?? 'error',
      file: raw.file,
      sheet: raw.sheet,
      ...(origin ? { cell: origin.cell } : {}),
      field: spec.label,
      message: p.message,
    });
  const read: Read = { values: {}, cells: {}, unreadable: new Set() };
  for (const spec of fm.map.fields) readField(raw, fm, spec, read, report);
  for (const feed of fm.feeds) checkPair(fm, raw, read, feed, report);

  const billerId = str(read.values.billerId) ?? raw.fields.billerId?.cell?.text;
  const billerName = str(read.values.billerName) ?? raw.fields.billerName?.cell?.text;
  const named = { ...(billerId ? { billerId } : {}), ...(billerName ? { billerName } : {}) };
  // A layout error (reported once for the sheet) leaves the reader unsure which cell holds a value.
  if (raw.layoutErrors?.length || issues.some((i) => i.severity === 'error')) return { ...named, issues };

  const parsed = BillerSchema.safeParse(candidate(raw, fm, read));
  if (!parsed.success) {
    // The rules above should have caught everything; this names what slipped through rather than crash.
    for (const zi of parsed.error.issues) issues.push(slipped(raw, fm, zi));
    return { ...named, issues };
  }
  return { ...named, biller: parsed.data, issues };
}

/** One field: what its cell holds (cell-text.ts), then whether it is given, then the field's rules. */
function readField(raw: RawBiller, fm: LoadedFieldMap, spec: FieldSpec, read: Read, report: Report): void {
  const found = raw.fields[spec.key];
  if (found) read.cells[spec.key] = found.origin;
  const reading = found?.cell ? readCell(spec, found.cell) : undefined;
  if (reading && 'problem' in reading) {
    report(spec, found?.origin, reading.problem);
    read.unreadable.add(spec.key);
    // An error or a formula without result holds no value: a required field is then also missing.
    if (!NO_VALUE.has(reading.problem.code)) return;
  }
  const input = reading && 'input' in reading ? reading.input : undefined;
  if (!found || !input?.text) {
    if (spec.required) {
      report(spec, found?.origin, {
        code: 'WORKSHEET.REQUIRED_MISSING',
        message: found
          ? 'is required but empty'
          : `is required but the sheet has no "${spec.label}" label; add it with its value beside it`,
      });
    }
    return;
  }
  const result = checkField(spec, input, fm.map);
  if ('problem' in result) {
    report(spec, found.origin, result.problem);
    read.unreadable.add(spec.key);
    return;
  }
  for (const w of [...(reading && 'warnings' in reading ? reading.warnings : []), ...(result.warnings ?? [])])
    report(spec, found.origin, w);
  read.values[spec.key] = result.value;
}

/** A private key without its password (or the reverse) cannot form a "privateKey|password" setting. */
function checkPair(fm: LoadedFieldMap, raw: RawBiller, read: Read, feed: SettingFeed, report: Report): void {
  const { values, unreadable } = read;
  const [a, b] = [feed.from, feed.password];
  if (b === undefined || (values[a] === undefined) === (values[b] === undefined)) return;
  const [given, missing] = values[a] === undefined ? [b, a] : [a, b];
  if (unreadable.has(missing)) return; // not empty: refused for its own reason, already reported
  const gs = fm.byKey.get(given);
  const ms = fm.byKey.get(missing);
  // A required part that is empty was reported as missing already.
  if (!gs || !ms || ms.required) return;
  report(ms, raw.fields[missing]?.origin, {
    code: 'WORKSHEET.SECRET_PAIR_INCOMPLETE',
    message:
      `is empty while "${gs.label}" is filled in; ` +
      `give both (setting ${feed.setting} is "key|password") or leave both empty`,
  });
}

/** The record as the pipeline wants it, for the schema to check. */
function candidate(raw: RawBiller, fm: LoadedFieldMap, { values, cells }: Read): unknown {
  const creds = (prefix: 'rtdr' | 'payments'): WebServiceCredentials => ({
    url: str(values[`${prefix}Url`]) ?? '',
    username: str(values[`${prefix}Username`]) ?? '',
    privateKey: new Secret(str(values[`${prefix}PrivateKey`]) ?? ''),
    password: new Secret(str(values[`${prefix}Password`]) ?? ''),
  });
  const selections = values.paymentDataPumpSelections;
  return {
    billerId: str(values.billerId),
    billerName: str(values.billerName),
    ...optional('conversionDate', str(values.conversionDate)),
    rtdr: creds('rtdr'),
    payments: creds('payments'),
    ftpUsername: str(values.ftpUsername),
    ...optional('invoiceFormatGuid', str(values.invoiceFormatGuid)),
    ...optional('paymentDataPumpSelections', Array.isArray(selections) && selections.length ? selections : undefined),
    ...optional('billerContact', str(values.billerContact)),
    feeds: fm.feeds,
    source: { file: raw.file, sheet: raw.sheet, ...optional('row', raw.row), layout: raw.layout, cells },
  };
}

function slipped(raw: RawBiller, fm: LoadedFieldMap, zi: z.core.$ZodIssue): Issue {
  const [head, sub] = zi.path.map(String);
  const key = head === 'rtdr' || head === 'payments' ? `${head}${sub?.charAt(0).toUpperCase()}${sub?.slice(1)}` : head;
  const spec = fm.byKey.get(key as FieldKey);
  return {
    code: 'WORKSHEET.REQUIRED_MISSING',
    severity: 'error',
    file: raw.file,
    sheet: raw.sheet,
    ...(spec ? { field: spec.label } : {}),
    message: zi.message,
  };
}

function str(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

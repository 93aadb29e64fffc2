/**
 * The rules for one field value, by field type. Each returns the parsed value or a problem with
 * a stable code. Messages never repeat a secret's value.
 */
import { exactness } from './cell-text.js';
import { parseDate, twoReadings, type DateOrder } from './dates.js';
import type { FieldSpec } from './field-map.js';
import { describeInvisible, invisibleCharacters } from './invisible.js';
import { quote, type IssueCode, type Severity } from './issues.js';
import { MIN_ACCEPTED_SECRET_LENGTH } from './scrub.js';

export interface Problem {
  code: IssueCode;
  message: string;
  severity?: Severity;
}
export type RuleResult = { value: string | string[]; warnings?: Problem[] } | { problem: Problem };

const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
// C0/C1 controls other than tab and line breaks, and the zero-width characters that survive copy-paste.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;
const MAX_LENGTH: Record<FieldSpec['type'], number> = {
  text: 255,
  guid: 40,
  date: 40,
  httpsUrl: 2048,
  secret: 1024,
  list: 4000,
};

export interface RuleInput {
  text: string;
  raw?: string;
  link?: string;
}

const refuse = (code: IssueCode, message: string): RuleResult => ({ problem: { code, message } });

export function checkField(
  spec: FieldSpec,
  input: RuleInput,
  opts: { dateOrder: DateOrder; listSeparators: readonly string[] },
): RuleResult {
  const { text } = input;
  const unseen = unseenOrTooLong(spec, text, '');
  if (unseen) return unseen;
  switch (spec.type) {
    case 'text':
      return checkText(spec, text);
    case 'guid':
      return checkGuid(text);
    case 'date':
      return checkDate(text, opts.dateOrder);
    case 'httpsUrl':
      return checkUrl(spec, text, input.link);
    case 'secret':
      return checkSecret(input);
    case 'list':
      return checkList(text, opts.listSeparators);
  }
}

/** A secret, username, URL or GUID must hold only what a person can see; other fields only no controls. */
function unseenOrTooLong(spec: FieldSpec, text: string, what: string): RuleResult | undefined {
  const hidden = exactness(spec) ? invisibleCharacters(text) : invisibleCharacters(text, (ch) => CONTROL.test(ch));
  if (hidden.length) {
    return refuse(
      'WORKSHEET.CONTROL_CHARACTER',
      `${what}holds a character a person cannot see: ${describeInvisible(text, hidden)} ` +
        '(often pasted from a web page, a PDF or an e-mail); delete the value and type it again by hand',
    );
  }
  if (text.length > MAX_LENGTH[spec.type])
    return refuse(
      'WORKSHEET.TOO_LONG',
      `${what}is ${text.length} characters long; at most ${MAX_LENGTH[spec.type]} are allowed`,
    );
  return undefined;
}

function checkText(spec: FieldSpec, text: string): RuleResult {
  if (spec.key !== 'billerContact' && LINE_BREAK.test(text))
    return refuse('WORKSHEET.LINE_BREAK', 'holds a line break; it must be one line');
  return { value: text };
}

function checkGuid(text: string): RuleResult {
  const guid = text.replace(/^\{(.*)\}$/, '$1').toUpperCase();
  if (!GUID.test(guid))
    return refuse(
      'WORKSHEET.GUID_INVALID',
      `${quote(text)} is not a GUID; expected 32 hex digits as 8-4-4-4-12, e.g. 6F9619FF-8B86-D011-B42D-00C04FC964FF`,
    );
  return { value: guid };
}

function checkDate(text: string, order: DateOrder): RuleResult {
  const two = twoReadings(text);
  if (two)
    return refuse(
      'WORKSHEET.DATE_ORDER_AMBIGUOUS',
      `${quote(text)} reads two ways (${two[0]} or ${two[1]}); ` +
        'make the cell a date cell, or write the date as YYYY-MM-DD',
    );
  const parsed = parseDate(text, order);
  if (!parsed.ok)
    return refuse(
      'WORKSHEET.DATE_INVALID',
      `${quote(text)} is not a real date (${parsed.reason}); use a date cell or YYYY-MM-DD`,
    );
  const warnings: Problem[] = parsed.fromSerial
    ? [
        {
          code: 'WORKSHEET.DATE_AMBIGUOUS',
          severity: 'warning',
          message:
            `${quote(text)} was read as the Excel day number for ${parsed.iso}; ` +
            'format the cell as a date to be sure',
        },
      ]
    : [];
  return { value: parsed.iso, warnings };
}

function checkUrl(spec: FieldSpec, text: string, link: string | undefined): RuleResult {
  // A hyperlink cell whose shown text is a description ("RTDR endpoint") carries the URL as its target:
  // that target is what reaches the CRM, so it is held to the rules the shown text was.
  const candidate = !/^[a-z][a-z0-9+.-]*:/i.test(text) && link ? link : text;
  const unseen = candidate === text ? undefined : unseenOrTooLong(spec, candidate, 'has a hyperlink whose target ');
  if (unseen) return unseen;
  if (/\s/.test(candidate))
    return refuse('WORKSHEET.URL_INVALID', 'holds spaces or line breaks; it must be one absolute https:// URL');
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return refuse('WORKSHEET.URL_INVALID', `${quote(candidate)} is not an absolute URL; it must start with https://`);
  }
  if (url.protocol !== 'https:')
    return refuse(
      'WORKSHEET.URL_NOT_HTTPS',
      `must start with https:// (found ${url.protocol.replace(/:$/, '')}://); ` +
        'the CRM only calls web services over https',
    );
  if (url.username || url.password)
    return refuse('WORKSHEET.URL_INVALID', 'must not hold a username or password; put them in their own fields');
  if (!url.hostname.includes('.') && url.hostname !== 'localhost')
    return refuse('WORKSHEET.URL_INVALID', `the host ${quote(url.hostname)} is not a full domain name`);
  return { value: candidate };
}

function checkSecret(input: RuleInput): RuleResult {
  const { text, raw = text } = input;
  if (text.includes('|'))
    return refuse(
      'WORKSHEET.PIPE_IN_SECRET',
      "holds a '|', which settings 10 and 13 use to join the private key and the password; " +
        'ask IMT for a value without it',
    );
  if (LINE_BREAK.test(text))
    return refuse('WORKSHEET.LINE_BREAK', 'holds a line break; a private key or password must be one line');
  if (raw !== text)
    return refuse(
      'WORKSHEET.SECRET_WHITESPACE',
      'starts or ends with a space; remove it (or, if it is really part of the value, ask IMT for another one)',
    );
  if (text !== '' && text.length < MIN_ACCEPTED_SECRET_LENGTH)
    return refuse(
      'WORKSHEET.SECRET_TOO_SHORT',
      `is ${text.length} characters long; a private key or password needs at least ${MIN_ACCEPTED_SECRET_LENGTH} ` +
        '(a shorter one cannot be kept out of logs and reports without blanking ordinary words); ' +
        'ask IMT for the full value',
    );
  return { value: text };
}

function checkList(text: string, separators: readonly string[]): RuleResult {
  let items = [text];
  for (const sep of separators) items = items.flatMap((i) => i.split(sep));
  return { value: [...new Set(items.map((i) => i.trim()).filter((i) => i !== ''))] };
}

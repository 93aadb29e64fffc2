/**
 * What a person does about a biller, in one sentence, by status and code: the column the morning
 * reader acts on. The troubleshooting table of the README says the same at more length. Pure.
 */
import type { ResultCode } from './codes.js';
import type { BillerStatus } from './status.js';

/** Per status, for the Summary's table. */
export const STATUS_TODO: Record<BillerStatus, string> = {
  'rollback-failed':
    'Now: restore by hand in CRM what the Billers sheet says still differs, and end the maintenance window',
  failed: 'Read the error code in Billers; the biller was restored and is tried again next night',
  blocked: 'Fix what the code names (in CRM or the worksheet); the file stays in input/ for the next night',
  invalid: 'Fix the worksheet cell named in Billers and leave the file in input/',
  interrupted: 'Nothing: they were not touched, and the next night converts them',
  scheduled: 'Nothing: each is converted on the night of its conversion date',
  planned: 'Dry run: nothing was written; the real run makes these changes',
  'rolled-back': 'Nothing: restored to their state before the run',
  converted: 'Ask the billers the follow-up questions (Follow-ups sheet)',
  'already-converted': 'Nothing',
};

/** Per code, where a code says more than its status does (keyed by ResultCode: a misspelt key does not compile). */
const CODE_TODO: Partial<Record<ResultCode, string>> = {
  'BLOCKED.UNKNOWN_BILLER': 'Check the IC Biller ID in the worksheet: the CRM does not know it',
  'BLOCKED.NOT_MIPS_APPS': 'Check the biller id: the CRM says this biller is not on IMT Computer Services',
  'BLOCKED.FTP_USER_MISSING': 'Create the FTP user through the normal CRM process; the next night converts the biller',
  'BLOCKED.DATAPUMP_SELECTION_UNKNOWN': 'Correct the payment DataPump list in the worksheet to names the CRM knows',
  'BLOCKED.NO_INVOICE_FORMAT_GUID': 'Fill in the Invoice Format GUID (or set defaultInvoiceFormatGuid)',
  'BLOCKED.DUPLICATE': 'Remove the stale worksheet from input/: the biller is in two',
  'CRM.PERMISSION_DENIED': 'Ask the service desk for the FTP-task permission (EBPP-4234)',
  'CRM.TRANSIENT': 'Nothing: the CRM was unavailable; the biller was restored and is tried again next night',
  'CRM.CONFLICT': 'Someone edited the biller in CRM during the run; it was restored and is tried again next night',
  'CRM.NOT_FOUND': 'Check the biller in CRM: it disappeared during the run',
  'CRM.READBACK_MISMATCH': 'Tell the CRM team: the CRM did not keep what was written (the biller was restored)',
  'CRM.ERROR': 'Read the message and the run log; the biller was restored and is tried again next night',
  INTERNAL: 'Send the run log (output/logs) to the developers; the biller was restored',
  'FILE.ENCRYPTED': 'Ask for the workbook without its password, and put it in input/',
  'FILE.UNSUPPORTED_FORMAT': 'Save the file as Excel Workbook (.xlsx) and leave it in input/',
  'FILE.TOO_LARGE': 'Save only the worksheet sheet (the file carries something else) and leave it in input/',
  'FILE.TIMEOUT': 'Save only the worksheet sheet (the file carries something else) and leave it in input/',
  'FILE.CORRUPT': 'Ask IMT to send the worksheet again: the file is damaged',
  'WORKSHEET.NO_BILLER': 'Ask IMT for a worksheet with the biller filled in',
};

/** One sentence for the Billers sheet's "What to do" column. */
export function whatToDo(b: {
  status: BillerStatus;
  error?: { code: string; cell?: string } | undefined;
  followUps: readonly unknown[];
}): string {
  const code = b.error?.code ?? '';
  if (b.status === 'rollback-failed') return STATUS_TODO['rollback-failed'];
  if (b.status === 'converted' || b.status === 'already-converted' || b.status === 'planned') {
    return b.followUps.length
      ? `${b.status === 'planned' ? 'After the real run: ' : ''}do the follow-ups (Follow-ups sheet)`
      : 'Nothing';
  }
  const known = (CODE_TODO as Record<string, string | undefined>)[code];
  if (known) return known;
  if (b.status === 'invalid')
    return b.error?.cell ? `Fix ${b.error.cell} and leave the file in input/` : STATUS_TODO.invalid;
  return STATUS_TODO[b.status];
}

// @module-tag slow: one night over every corpus file
/**
 * Every corpus case through the whole pipeline: one night over all the corpus files, a real run
 * against the embedded sqlite CRM, then per case the exact value the CRM holds (or the biller's
 * name and date in the results), or the exact refusal code and cell. `validate` must agree with
 * `run` on which billers are valid.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from '../../src/core/checklist.js';
import type { BillerSnapshot } from '../../src/core/snapshot.js';
import { makeNight, type Night } from '../support/night.js';
import { runMain } from '../support/run-cli.js';
import { mipsSnapshotFor } from '../support/snapshots.js';
import { sampleBiller } from '../support/workbooks.js';
import { billerNumber, CASES, type CorpusCase } from './cases.js';
import { FILES, fileName } from './generate.js';

const NOW = '2026-11-26';

interface Results {
  billers: Array<{
    status: string;
    billerId: string;
    billerName: string;
    file: string;
    errorCode: string;
    message: string;
  }>;
  files: Array<{ file: string; status: string }>;
  errors: Array<{ file: string; cell: string; code: string; severity: string; message: string }>;
}

interface NightResult {
  results: Results;
  validated: Validated;
  crm: Map<string, BillerSnapshot | null>;
}
type Validated = Array<{ file: string; status: string; billers: Array<{ billerId: string | null; valid: boolean }> }>;

const nights: Night[] = [];
const byCase = new Map<string, NightResult>();

/** One night over some corpus files: validate, then a real run against a fresh embedded CRM. */
async function runNight(cases: CorpusCase[]): Promise<void> {
  const numbers = cases.flatMap((c) => [billerNumber(c), billerNumber(c) + 500]);
  const night = await makeNight(numbers.map((n) => mipsSnapshotFor(sampleBiller(n))));
  nights.push(night);
  for (const c of cases) await night.drop(fileName(c), readFileSync(join(FILES, fileName(c))));
  const v = await runMain(['validate', night.input, '--json']);
  const r = await runMain(['run', ...night.args('--now', NOW, '--no-archive', '--json')]);
  const summary = JSON.parse(r.out) as { results: { json: string } };
  const store = night.crm();
  const crm = new Map(
    numbers.map((n) => {
      const id = String(sampleBiller(n).billerId);
      return [id, store.snapshot(id)] as const;
    }),
  );
  store.close();
  const result = {
    results: JSON.parse(readFileSync(summary.results.json, 'utf8')) as Results,
    validated: JSON.parse(v.out) as Validated,
    crm,
  };
  for (const c of cases) byCase.set(c.id, result);
}

// LibreOffice files are round trips of exceljs files (the same billers): they get a night of their own.
beforeAll(async () => {
  await runNight(CASES.filter((c) => c.writer !== 'libreoffice'));
  await runNight(CASES.filter((c) => c.writer === 'libreoffice'));
}, 300_000);
afterAll(async () => {
  for (const n of nights) await n.cleanup();
});

function night(c: CorpusCase): NightResult {
  const n = byCase.get(c.id);
  if (!n) throw new Error(`case ${c.id} was not run`);
  return n;
}

const inFile = (c: CorpusCase) => (path: string) => path.endsWith(`/${fileName(c)}`);

/** What the CRM (or the results, for fields the CRM does not keep) says about the case's field. */
function valueOf(c: CorpusCase): string | undefined {
  const { results, crm } = night(c);
  const sample = sampleBiller(billerNumber(c));
  const id = String(sample.billerId);
  const snap = crm.get(id);
  const secret = (n: number) => {
    const s = snap?.advancedSettings[n];
    return typeof s === 'string' ? s : s?.reveal();
  };
  switch (c.field) {
    case 'rtdrPassword':
      return secret(10)?.replace(`${String(sample.rtdrPrivateKey)}|`, '');
    case 'rtdrUsername':
      return secret(9);
    case 'rtdrUrl':
      return secret(8);
    case 'invoiceFormatGuid':
      return snap?.bif[C.BIF_INVOICE_FORMAT_KEY];
    case 'billerName':
      return results.billers.find((b) => b.billerId === id)?.billerName;
    case 'conversionDate':
      return /^conversion date (\S+) is after/.exec(results.billers.find((b) => b.billerId === id)?.message ?? '')?.[1];
    default:
      throw new Error(`no CRM reading for ${c.field}`);
  }
}

describe('every corpus case ends as its author meant, or refused with the cell named', () => {
  it.each(CASES.map((c) => ({ ...c, name: `${c.id}: ${c.shape}` })))('$name', (c) => {
    const { results } = night(c);
    const biller = results.billers.find((b) => b.billerId === String(sampleBiller(billerNumber(c)).billerId));
    const e = c.expect;
    if ('value' in e) {
      expect(
        biller?.status,
        `${biller?.message ?? ''} ${JSON.stringify(results.errors.filter((x) => inFile(c)(x.file)))}`,
      ).toBe(c.field === 'conversionDate' ? 'scheduled' : 'converted');
      expect(valueOf(c)).toBe(e.value);
    } else if ('refuse' in e) {
      expect(biller?.status).toBe('invalid');
      expect(
        results.errors.filter((x) => inFile(c)(x.file) && x.severity === 'error').map((x) => `${x.code} ${x.cell}`),
      ).toContain(`${e.refuse} ${e.cell}`);
      expect(valueOf(c) ?? '').not.toBe(c.meant); // nothing of this biller reached the CRM
    } else {
      expect(results.files.find((f) => inFile(c)(f.file))?.status).toBe('rejected');
      expect(results.errors.filter((x) => inFile(c)(x.file)).map((x) => x.code)).toEqual([e.fileRefused]);
    }
  });

  it('validate and run agree on which billers are valid', () => {
    for (const { validated, results } of new Set(byCase.values()))
      for (const f of validated) {
        for (const b of f.billers) {
          const ran = results.billers.find((r) => r.billerId === b.billerId && basename(r.file) === basename(f.file));
          expect({ id: b.billerId, file: f.file, invalid: ran?.status === 'invalid' }).toEqual({
            id: b.billerId,
            file: f.file,
            invalid: !b.valid,
          });
        }
      }
  });
});

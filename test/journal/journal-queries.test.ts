import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../src/journal/journal-queries.js';
import { Journal } from '../../src/journal/journal.js';
import { createSealer } from '../../src/journal/seal.js';
import { createMasker } from '../../src/mask.js';
import { mipsSnapshot } from '../support/snapshots.js';

const sealer = createSealer(Buffer.alloc(32, 9), createMasker(Buffer.alloc(32, 7)));

describe('journal queries', () => {
  it('processAlive: this process is, a finished one is not', () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(dead)).toBe(false);
  });

  it("a live run's billers in flight are not another's to recover; a crashed run's are", () => {
    const j = Journal.open(':memory:', sealer);
    const run = { kind: 'run' as const, startedAt: 'x', user: 'u', options: '{}', toolVersion: 't', ofRun: null };
    j.startRun({ ...run, id: 'LIVE', host: 'other-host', pid: 1 });
    j.startRun({ ...run, id: 'GONE', host: 'other-host', pid: 1 });
    const meta = { billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    j.billerBegin('LIVE', { ...meta, billerId: 'B1' }, mipsSnapshot({ billerId: 'B1' }), []);
    j.billerBegin('GONE', { ...meta, billerId: 'B2' }, mipsSnapshot({ billerId: 'B2' }), []);
    j.endRun('GONE', { endedAt: 'y', counts: {}, exitCode: 130, state: 'interrupted', results: null });
    expect(j.inFlight().map((b) => [b.runId, b.billerId])).toEqual([['GONE', 'B2']]);
    j.close();
  });

  it('converted: the rows a run converted with both snapshots, in biller order', () => {
    const j = Journal.open(':memory:', sealer);
    j.startRun({
      id: 'R',
      kind: 'run',
      startedAt: 'x',
      host: 'h',
      user: 'u',
      pid: 1,
      options: '{}',
      toolVersion: 't',
      ofRun: null,
    });
    const meta = { billerName: 'T', file: 'a.xlsx', sha256: null, sheet: 'S', row: 2 };
    for (const id of ['B2', 'B1']) {
      j.billerBegin('R', { ...meta, billerId: id }, mipsSnapshot({ billerId: id }), []);
      const result = { billerId: id, billerName: 'T', status: 'converted' as const, file: 'a.xlsx', sheet: 'S' };
      j.billerEnd(
        'R',
        { ...result, changes: [], followUps: [] },
        {
          sha256: null,
          undone: false,
          after: mipsSnapshot({ billerId: id, maintenance: true }),
        },
      );
    }
    const got = j.converted('R');
    expect(got.map((c) => [c.record.billerId, c.before.snapshot.maintenance, c.after.snapshot.maintenance])).toEqual([
      ['B1', false, true],
      ['B2', false, true],
    ]);
    j.close();
  });
});

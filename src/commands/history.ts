/** `spectrum-convert history`: recent runs with their counts, or the whole story of one biller. */
import { existsSync } from 'node:fs';
import { journalPath, type Config } from '../config.js';
import { localTime } from '../core/local-time.js';
import { Journal } from '../journal/journal.js';
import { createSealer } from '../journal/seal.js';

/** `spectrum-convert history [--limit N] [--biller ID] [--json]`. */
export function historyCommand(
  args: { limit: number; biller?: string | undefined; json: boolean },
  config: Config,
  out: (line: string) => void,
): number {
  if (!existsSync(journalPath(config))) {
    out(`no runs yet (no journal at ${journalPath(config)})`);
    return 0;
  }
  const journal = Journal.open(
    journalPath(config),
    createSealer(undefined, () => ''),
  );
  try {
    if (args.biller) {
      const story = journal.billerHistory(args.biller);
      if (args.json) {
        out(JSON.stringify(story, null, 2));
        return 0;
      }
      if (!story.length) {
        out(`biller ${args.biller} is in no run of the journal`);
        return 0;
      }
      for (const s of story) {
        out(
          `${localTime(new Date(s.runStartedAt), config.timeZone)}  ${s.runKind.padEnd(8)} ${s.runId}  ${String(s.status).padEnd(17)} ${String(s.changes).padStart(3)} changes  ${s.file ?? ''}${s.sha256 ? ` (sha256 ${s.sha256.slice(0, 12)})` : ''}${s.errorCode ? `  ${s.errorCode}` : ''}${s.note ? `  ${s.note}` : ''}`,
        );
      }
      return 0;
    }
    const runs = journal.runs(args.limit);
    if (args.json) {
      out(
        JSON.stringify(
          runs.map(({ options: _o, ...r }) => r),
          null,
          2,
        ),
      );
      return 0;
    }
    for (const r of runs) {
      const counts = Object.entries(r.counts ?? {})
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ');
      out(
        `${localTime(new Date(r.startedAt), config.timeZone)}  ${r.kind.padEnd(8)} ${r.id}  ${r.state.padEnd(11)} exit ${r.exitCode ?? '-'}  ${counts || 'no billers'}${r.ofRun ? `  (rollback of ${r.ofRun})` : ''}`,
      );
    }
    return 0;
  } finally {
    journal.close();
  }
}

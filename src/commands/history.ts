/** `spectrum-convert history`: recent runs with their counts, or the whole story of one biller. */
import { existsSync } from 'node:fs';
import { journalPath } from '../config.js';
import { localTime } from '../core/local-time.js';
import { EXIT_CODES } from '../core/summary.js';
import type { Journal } from '../journal/journal.js';
import type { CommandContext } from './context.js';

interface HistoryArgs {
  limit: number;
  biller?: string | undefined;
  json: boolean;
}

/** `spectrum-convert history [--limit N] [--biller ID] [--json]`. */
export function historyCommand(args: HistoryArgs, ctx: CommandContext): number {
  const { config, io } = ctx;
  if (!existsSync(journalPath(config))) {
    io.out(`no runs yet (no journal at ${journalPath(config)})`);
    return EXIT_CODES.ok;
  }
  // History shows no secret: the journal is opened without its key.
  const journal = ctx.journal();
  for (const line of args.biller
    ? billerStory(journal, args.biller, args.json, config.timeZone)
    : runs(journal, args, config.timeZone))
    io.out(line);
  return EXIT_CODES.ok;
}

function billerStory(journal: Journal, biller: string, json: boolean, timeZone: string): string[] {
  const story = journal.billerHistory(biller);
  if (json) return [JSON.stringify(story, null, 2)];
  if (!story.length) return [`biller ${biller} is in no run of the journal`];
  return story.map(
    (s) =>
      `${localTime(new Date(s.runStartedAt), timeZone)}  ${s.runKind.padEnd(8)} ${s.runId}  ` +
      `${String(s.status).padEnd(17)} ${String(s.changes).padStart(3)} changes  ${s.file ?? ''}` +
      `${s.sha256 ? ` (sha256 ${s.sha256.slice(0, 12)})` : ''}` +
      `${s.errorCode ? `  ${s.errorCode}` : ''}${s.note ? `  ${s.note}` : ''}`,
  );
}

function runs(journal: Journal, args: HistoryArgs, timeZone: string): string[] {
  const list = journal.runs(args.limit);
  if (args.json)
    return [
      JSON.stringify(
        list.map(({ options: _o, ...r }) => r),
        null,
        2,
      ),
    ];
  return list.map((r) => {
    const counts = Object.entries(r.counts ?? {})
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ');
    return (
      `${localTime(new Date(r.startedAt), timeZone)}  ${r.kind.padEnd(8)} ${r.id}  ${r.state.padEnd(11)} ` +
      `exit ${r.exitCode ?? '-'}  ${counts || 'no billers'}${r.ofRun ? `  (rollback of ${r.ofRun})` : ''}`
    );
  });
}

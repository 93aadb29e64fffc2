/**
 * The night's summary as one html page: the mail's body, and output/results-….html beside the
 * workbook. Self-contained (inline styles, no script, no image, no link out) so a mail client shows
 * it as sent, and narrow-first: a phone shows it without sideways scrolling (long names wrap).
 * Everything comes from the report rows, which are already masked.
 */
import type { ReportRows } from '../core/report-rows.js';
import { statusHex } from './status-colors.js';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const NEEDS_PERSON = new Set(['rollback-failed', 'failed', 'blocked', 'invalid']);
/** How many billers needing a person the page lists; the workbook has them all. */
export const MAX_LISTED = 50;

const CSS = `body{margin:0;padding:12px;font:15px/1.4 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1f1f1f;background:#fff}
main{max-width:720px;margin:0 auto}h1{font-size:17px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px}
.headline{font-size:20px;font-weight:700;margin:6px 0 12px}.bad{color:#c00000}.good{color:#00602b}
table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{padding:5px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;overflow-wrap:anywhere;word-break:break-word}
th{background:#eee}.n{width:4.5em;text-align:right}.st{width:9.5em}ul{padding-left:18px;margin:4px 0}li{overflow-wrap:anywhere}
.muted{color:#555;font-size:13px}`;

function statusCell(status: string): string {
  return `<td class="st" style="background:${statusHex(status as Parameters<typeof statusHex>[0])}">${esc(status)}</td>`;
}

export function resultsHtml(rows: ReportRows, workbookName: string): string {
  const s = rows.summary;
  const people = rows.billers.filter((b) => NEEDS_PERSON.has(b.status));
  const statusRows = s.statuses
    .map((l) => `<tr>${statusCell(l.status)}<td class="n">${l.count}</td><td>${esc(l.todo)}</td></tr>`)
    .join('');
  const personRows = people
    .slice(0, MAX_LISTED)
    .map(
      (b) =>
        `<tr>${statusCell(b.status)}<td>${esc(b.billerName || b.billerId)}<br><span class="muted">${esc(b.billerId)}</span></td><td>${esc(b.errorCode)}<br>${esc(b.todo)}</td></tr>`,
    )
    .join('');
  const more =
    people.length > MAX_LISTED
      ? `<p class="muted">and ${people.length - MAX_LISTED} more: see the Billers sheet.</p>`
      : '';
  const list = (items: string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p class="muted">none</p>';
  const facts = s.facts
    .map(
      (f) =>
        `<tr><th>${esc(f.item)}</th><td>${esc(f.value)}${f.note ? ` <span class="muted">(${esc(f.note)})</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(s.title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(s.title)}</h1>
<p class="headline ${s.needPerson ? 'bad' : 'good'}" id="headline">${esc(s.headline)}</p>
<table><thead><tr><th class="st">Status</th><th class="n">Billers</th><th>What to do</th></tr></thead><tbody>${statusRows || '<tr><td colspan="3">no billers</td></tr>'}</tbody></table>
<h2>Billers that need a person (${people.length})</h2>
${people.length ? `<table><thead><tr><th class="st">Status</th><th>Biller</th><th>Code and what to do</th></tr></thead><tbody>${personRows}</tbody></table>${more}` : '<p class="muted">none</p>'}
<h2>Files archived (${s.archived.length})</h2>${list(s.archived.map(esc))}
<h2>Files left in input/ (${s.left.length})</h2>${list(s.left.map((f) => `${esc(f.file)} <span class="muted">${esc(f.why)}</span>`))}
<h2>Run</h2><table><tbody>${facts}</tbody></table>
<p class="muted">Everything is in the results workbook ${esc(workbookName)}.</p>
</main></body></html>
`;
}

/**
 * The night's summary as one html page: the mail's body, and output/results-….html beside the
 * workbook. Self-contained (inline styles, no script, no image, no link out) so a mail client shows
 * it as sent, and narrow-first: a phone shows it without sideways scrolling (long names wrap).
 * Everything comes from the report rows, which are already masked.
 */
import type { ReportRows } from '../core/report-rows.js';
import { statusHex } from './status-colors.js';

/** Text or a number (a count, an exit code) as HTML text, markup characters escaped; nothing for no value. */
const esc = (v: string | number | null | undefined) =>
  (v === null || v === undefined ? '' : String(v)).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const NEEDS_PERSON = new Set(['rollback-failed', 'failed', 'blocked', 'invalid']);
/** How many billers needing a person the page lists; the workbook has them all. */
const MAX_LISTED = 50;

const CSS = [
  'body{margin:0;padding:12px;font:15px/1.4 -apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;' +
    'color:#1f1f1f;background:#fff}',
  'main{max-width:720px;margin:0 auto}h1{font-size:17px;margin:0 0 4px}h2{font-size:15px;margin:18px 0 6px}',
  '.headline{font-size:20px;font-weight:700;margin:6px 0 12px}.bad{color:#c00000}.good{color:#00602b}',
  'table{border-collapse:collapse;width:100%;table-layout:fixed}' +
    'td,th{padding:5px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:top;' +
    'overflow-wrap:anywhere;word-break:break-word}',
  'th{background:#eee}.n{width:4.5em;text-align:right}.st{width:9.5em}ul{padding-left:18px;margin:4px 0}' +
    'li{overflow-wrap:anywhere}',
  '.muted{color:#555;font-size:13px}',
].join('\n');

function statusCell(status: string): string {
  const hex = statusHex(status as Parameters<typeof statusHex>[0]);
  return `<td class="st" style="background:${hex}">${esc(status)}</td>`;
}

const list = (items: string[]) =>
  items.length ? `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '<p class="muted">none</p>';

/** The statuses with their counts and what to do. */
function statusTable(s: ReportRows['summary']): string {
  const rows = s.statuses
    .map((l) => `<tr>${statusCell(l.status)}<td class="n">${l.count}</td><td>${esc(l.todo)}</td></tr>`)
    .join('');
  return (
    '<table><thead><tr><th class="st">Status</th><th class="n">Billers</th><th>What to do</th></tr></thead>' +
    `<tbody>${rows || '<tr><td colspan="3">no billers</td></tr>'}</tbody></table>`
  );
}

/** The billers that need a person, the first MAX_LISTED of them. */
function peopleSection(people: ReportRows['billers']): string {
  if (!people.length) return '<p class="muted">none</p>';
  const rows = people
    .slice(0, MAX_LISTED)
    .map(
      (b) =>
        `<tr>${statusCell(b.status)}<td>${esc(b.billerName || b.billerId)}<br>` +
        `<span class="muted">${esc(b.billerId)}</span></td><td>${esc(b.errorCode)}<br>${esc(b.todo)}</td></tr>`,
    )
    .join('');
  const more =
    people.length > MAX_LISTED
      ? `<p class="muted">and ${people.length - MAX_LISTED} more: see the Billers sheet.</p>`
      : '';
  return (
    '<table><thead><tr><th class="st">Status</th><th>Biller</th><th>Code and what to do</th></tr></thead>' +
    `<tbody>${rows}</tbody></table>${more}`
  );
}

function factRows(s: ReportRows['summary']): string {
  return s.facts
    .map((f) => {
      const note = f.note ? ` <span class="muted">(${esc(f.note)})</span>` : '';
      return `<tr><th>${esc(f.item)}</th><td>${esc(f.value)}${note}</td></tr>`;
    })
    .join('');
}

export function resultsHtml(rows: ReportRows, workbookName: string): string {
  const s = rows.summary;
  const people = rows.billers.filter((b) => NEEDS_PERSON.has(b.status));
  const left = s.left.map((f) => `${esc(f.file)} <span class="muted">${esc(f.why)}</span>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(s.title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(s.title)}</h1>
<p class="headline ${s.needPerson ? 'bad' : 'good'}" id="headline">${esc(s.headline)}</p>
${statusTable(s)}
<h2>Billers that need a person (${people.length})</h2>
${peopleSection(people)}
<h2>Files archived (${s.archived.length})</h2>${list(s.archived.map(esc))}
<h2>Files left in input/ (${s.left.length})</h2>${list(left)}
<h2>Run</h2><table><tbody>${factRows(s)}</tbody></table>
<p class="muted">Everything is in the results workbook ${esc(workbookName)}.</p>
</main></body></html>
`;
}

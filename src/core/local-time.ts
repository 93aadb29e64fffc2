/** Times as operators read them: in the configured time zone, with the offset shown (never a bare UTC). */

const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** `2026-12-01 02:15:07 +01:00` for `at` in `timeZone`. */
export function localTime(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    format(timeZone)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  // longOffset is "GMT+01:00", or plain "GMT" at offset zero.
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offset}`;
}

/**
 * Excel's serial dates (1900 system): days since 1899-12-30, the day the phantom 1900-02-29 makes
 * day 0. Every reader and writer here converts through these two, so a date read and a date written
 * agree to the millisecond. Dates are zoneless: they are built, and read back, as UTC.
 */

const DAY_MS = 86_400_000;
/** The serial of 1970-01-01, the Unix epoch. */
const UNIX_EPOCH_SERIAL = 25_569;
/** How much later the 1904 system's day 0 is (1904-01-01), for workbooks made on old Macs. */
export const DATE1904_OFFSET = 1462;

/** The serial of an instant read as UTC: what Excel shows is the UTC clock. */
export function dateToSerial(d: Date): number {
  return d.getTime() / DAY_MS + UNIX_EPOCH_SERIAL;
}

/** The instant of a serial, as UTC, rounded to the millisecond. */
export function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL) * DAY_MS));
}

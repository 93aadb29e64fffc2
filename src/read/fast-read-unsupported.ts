/** The fast reader met a shape it does not read with certainty: the caller hands the file to exceljs. */
export class FastReadUnsupported extends Error {
  override name = 'FastReadUnsupported';
}

/** A biller in two worksheets of one run: which copy is right is a person's call, so all copies are blocked. */
export function duplicateBillers(
  found: ReadonlyArray<{ billerId: string | null; file: string }>,
): Map<string, string[]> {
  const files = new Map<string, Set<string>>();
  for (const f of found) {
    if (!f.billerId) continue;
    const id = f.billerId.toUpperCase();
    files.set(id, (files.get(id) ?? new Set()).add(f.file));
  }
  const out = new Map<string, string[]>();
  for (const [id, set] of files) if (set.size > 1) out.set(id, [...set].sort());
  return out;
}

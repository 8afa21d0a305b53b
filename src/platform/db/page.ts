/**
 * One page of a list read with `limit + 1` rows: the extra row only says that more follow, and
 * the cursor is the last row shown (by `cursor`, the id unless said otherwise).
 */
export function pageOf<R, T>(rows: readonly R[], limit: number, map: (row: R) => T, cursor: (row: R) => string = (row) => (row as { id: string }).id): { items: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(map), nextCursor: rows.length > limit && last !== undefined ? cursor(last) : null };
}

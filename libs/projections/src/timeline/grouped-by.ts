/**
 * The rows of each stream, in their order. A batch touches up to a thousand streams: picking each one's
 * rows out of the whole result with a filter per stream cost more than the rest of a rebuild.
 */
export function groupedBy<Row>(rows: Iterable<Row>, idOf: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(idOf(row));
    if (group) group.push(row);
    else groups.set(idOf(row), [row]);
  }
  return groups;
}

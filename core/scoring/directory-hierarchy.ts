/**
 * The management chain from the directory's `managerUpn` links: for each person the number of
 * direct and indirect reports and the distance from the top (the potential-high-impact criteria
 * that the directory can answer). Pure, and linear in the number of people: one pass to link
 * children, one breadth-first pass from the tops for the levels, one pass back up for the counts.
 */

export interface HierarchyPerson {
  /** Lower-case UPN. */
  readonly upn: string;
  /** Lower-case UPN of the manager, when the directory names one. */
  readonly managerUpn?: string;
}

export interface HierarchyPosition {
  readonly directReports: number;
  readonly indirectReports: number;
  /**
   * 0 for a person nobody manages (no manager, or one missing from the directory), 1 for their
   * reports and so on. Absent for people whose chain loops back on itself and so has no top.
   */
  readonly hierarchyLevel?: number;
}

export function directoryHierarchy(people: readonly HierarchyPerson[]): Map<string, HierarchyPosition> {
  const known = new Set(people.map((p) => p.upn));
  const children = new Map<string, string[]>();
  const tops: string[] = [];
  for (const person of people) {
    const manager = person.managerUpn;
    if (manager === undefined || manager === person.upn || !known.has(manager)) {
      tops.push(person.upn);
      continue;
    }
    const list = children.get(manager);
    if (list === undefined) children.set(manager, [person.upn]);
    else list.push(person.upn);
  }

  // Breadth-first from the tops: every person reached gets a level, in an order where each
  // manager comes before their reports, so walking it backwards sums subtrees bottom-up.
  const level = new Map<string, number>();
  const order: string[] = [];
  for (const top of tops) {
    if (level.has(top)) continue;
    level.set(top, 0);
    order.push(top);
  }
  for (let i = 0; i < order.length; i++) {
    const upn = order[i];
    const next = (level.get(upn) ?? 0) + 1;
    for (const child of children.get(upn) ?? []) {
      if (level.has(child)) continue;
      level.set(child, next);
      order.push(child);
    }
  }
  const subtree = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const upn = order[i];
    let size = 1;
    for (const child of children.get(upn) ?? []) size += subtree.get(child) ?? 0;
    subtree.set(upn, size);
  }

  const result = new Map<string, HierarchyPosition>();
  for (const person of people) {
    const direct = children.get(person.upn)?.length ?? 0;
    const size = subtree.get(person.upn);
    const hierarchyLevel = level.get(person.upn);
    // A loop (a manages b, b manages a) is a directory error; count whom each one reaches once.
    const reports = size !== undefined ? size - 1 : reachable(person.upn, children);
    result.set(person.upn, {
      directReports: direct,
      indirectReports: Math.max(0, reports - direct),
      ...(hierarchyLevel === undefined ? {} : { hierarchyLevel }),
    });
  }
  return result;
}

/** Distinct people below `upn`, itself excluded, for the rare case of a looping chain. */
function reachable(upn: string, children: ReadonlyMap<string, readonly string[]>): number {
  const seen = new Set<string>([upn]);
  const stack = [...(children.get(upn) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return seen.size - 1;
}

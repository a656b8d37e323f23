import type { WorkflowAction } from '../definition/workflow-definition';

/**
 * The order in which the runner executes one container's actions: every action after all of its
 * `runAfter` predecessors; among actions that are ready at the same time, the one written first
 * in the definition goes first.
 *
 * Actions run one at a time. Parallel branches (two actions after the same predecessor) therefore
 * run one after the other, which Logic Apps allows (branches have no ordering guarantee) and which
 * keeps variables, resumes and logs deterministic. parseDefinition has rejected cycles and unknown
 * names; a predecessor missing anyway is ignored here and judged by the runAfter check.
 */
export function topologicalOrder(actions: Readonly<Record<string, WorkflowAction>>): string[] {
  const names = Object.keys(actions);
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < names.length) {
    const next = names.find(
      (name) => !done.has(name) && Object.keys(actions[name].runAfter ?? {}).every((p) => done.has(p) || !(p in actions) || p === name),
    );
    // Only a cycle leaves nothing ready; run the rest in written order rather than loop forever.
    const pick = next ?? names.find((name) => !done.has(name))!;
    done.add(pick);
    order.push(pick);
  }
  return order;
}

import { canonicalActionType, type SupportedActionType, type WorkflowAction, type WorkflowDefinition } from '../definition/workflow-definition';

/**
 * Every action of a definition by name (names are unique in a definition, and expressions refer
 * to actions by name from anywhere): its definition, canonical type and direct children.
 */
export interface IndexedAction {
  readonly name: string;
  readonly action: WorkflowAction;
  readonly type: SupportedActionType | undefined;
  /** Names of the actions directly inside it, every branch included, in written order. */
  readonly children: readonly string[];
}

export type ActionIndex = ReadonlyMap<string, IndexedAction>;

/** Keyed by lower-case name: `outputs('send_email')` finds `Send_Email`, as Logic Apps allows. */
export function indexActions(definition: WorkflowDefinition): ActionIndex {
  const index = new Map<string, IndexedAction>();
  const visit = (actions: Readonly<Record<string, WorkflowAction>> | undefined): void => {
    for (const [name, action] of Object.entries(actions ?? {})) {
      const containers = innerContainers(action);
      index.set(name.toLowerCase(), { name, action, type: canonicalActionType(action.type), children: containers.flatMap((c) => Object.keys(c)) });
      containers.forEach(visit);
    }
  };
  visit(definition.actions);
  return index;
}

/** The containers an action holds: `actions`, `else.actions`, each case's `actions`, `default.actions`. */
export function innerContainers(action: WorkflowAction): Readonly<Record<string, WorkflowAction>>[] {
  const found: Readonly<Record<string, WorkflowAction>>[] = [];
  if (action.actions !== undefined) found.push(action.actions);
  if (action.else?.actions !== undefined) found.push(action.else.actions);
  for (const branch of Object.values(action.cases ?? {})) if (branch.actions !== undefined) found.push(branch.actions);
  if (action.default?.actions !== undefined) found.push(action.default.actions);
  return found;
}

import type { ExpressionNode, Template } from '../expressions';

/**
 * The action names a template refers to by a literal argument: `outputs('Get_manager')`,
 * `body('Get_manager')`, `actions('Scope')`, `result('Try')`, `items('Apply_to_each')` and the
 * legacy `actionOutputs`/`actionBody`. A name computed at run time (`outputs(variables('x'))`)
 * cannot be checked before the run and is not returned.
 */
export interface ActionReference {
  /** The function as written (`outputs`, `Body` …). */
  readonly function: string;
  /** The action name as written in the expression (spaces appear as `_`). */
  readonly action: string;
}

const ACTION_REFERENCE_FUNCTIONS: ReadonlySet<string> = new Set([
  'outputs',
  'body',
  'actions',
  'actionoutputs',
  'actionbody',
  'result',
  'items',
  'iterationindexes',
]);

export function templateActionReferences(template: Template): ActionReference[] {
  const found: ActionReference[] = [];
  const visit = (node: ExpressionNode): void => {
    switch (node.kind) {
      case 'literal':
        return;
      case 'access':
        visit(node.target);
        visit(node.key);
        return;
      case 'call': {
        const first = node.args[0];
        if (ACTION_REFERENCE_FUNCTIONS.has(node.name.toLowerCase()) && first?.kind === 'literal' && typeof first.value === 'string') {
          found.push({ function: node.name, action: first.value });
        }
        node.args.forEach(visit);
        return;
      }
    }
  };
  if (template.kind === 'expression') visit(template.expression);
  else if (template.kind === 'interpolation') {
    for (const part of template.parts) if (part.kind === 'expression') visit(part.expression);
  }
  return found;
}

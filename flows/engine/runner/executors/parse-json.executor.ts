import type { ActionExecutor } from '../executor';
import { schemaMismatch } from '../json-schema-check';
import { StepFailure } from '../run-signals';
import { objectInputs } from './action-inputs';

/**
 * ParseJson: `content` (JSON text, or a value already parsed) checked against `schema` loosely
 * (json-schema-check.ts). Text that is not JSON fails with InvalidJSON; a value that does not fit
 * the schema fails with ValidationFailed naming the path. `body('Parse_JSON')` is the value.
 */
export const parseJsonExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  let content = inputs.content;
  if (typeof content === 'string') {
    try {
      content = JSON.parse(content) as unknown;
    } catch (error) {
      throw new StepFailure('InvalidJSON', `'${step.name}': inputs.content is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const mismatch = schemaMismatch(content ?? null, inputs.schema);
  if (mismatch !== undefined) throw new StepFailure('ValidationFailed', `'${step.name}': the content does not match the schema: ${mismatch}`, { body: content ?? null });
  return { status: 'Succeeded', code: 'OK', inputs, outputs: { body: content ?? null } };
};

import type { ActionExecutor } from '../executor';
import { objectInputs } from './action-inputs';

/**
 * Response: records the response the flow would give a Request trigger's caller. Runs here are not
 * HTTP requests waiting for an answer, so nothing is sent; the outputs show what it would be.
 */
export const responseExecutor: ActionExecutor = (step) => {
  const inputs = objectInputs(step);
  const statusCode = inputs.statusCode === undefined ? 200 : Number(inputs.statusCode);
  const outputs = { statusCode, headers: inputs.headers ?? {}, body: inputs.body ?? null };
  return { status: 'Succeeded', code: 'OK', inputs, outputs };
};

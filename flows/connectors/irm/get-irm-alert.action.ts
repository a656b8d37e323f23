import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { alertView, asConnectorError, findAlert } from './irm-lookups';
import { IRM_API, type IrmConnectorContext } from './irm-ports';

const Parameters = z.object({ Alert_Id: z.string({ error: 'expected the alert id (A-…)' }).trim().min(1, 'expected the alert id (A-…)') });

export const getIrmAlert: ActionOperation<z.infer<typeof Parameters>, IrmConnectorContext> = {
  kind: 'action',
  api: IRM_API,
  operationId: 'GetIrmAlert',
  summary: 'Get insider risk management alert',
  parameters: Parameters,
  async execute(parameters, context) {
    const body = await context.irm.store
      .transaction(async (tx) => alertView(tx, context.irm, await findAlert(tx, parameters.Alert_Id)))
      .catch(asConnectorError);
    return { statusCode: 200, body };
  },
};

import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { asConnectorError, caseView, findCase } from './irm-lookups';
import { IRM_API, type IrmConnectorContext } from './irm-ports';

const Parameters = z.object({ Case_Id: z.string({ error: 'expected the case id (C-…)' }).trim().min(1, 'expected the case id (C-…)') });

export const getIrmCase: ActionOperation<z.infer<typeof Parameters>, IrmConnectorContext> = {
  kind: 'action',
  api: IRM_API,
  operationId: 'GetIrmCase',
  summary: 'Get insider risk management case',
  parameters: Parameters,
  async execute(parameters, context) {
    const body = await context.irm.store
      .transaction(async (tx) => caseView(tx, context.irm, await findCase(tx, parameters.Case_Id)))
      .catch(asConnectorError);
    return { statusCode: 200, body };
  },
};

import { z } from 'zod';
import type { ActionOperation } from '../../engine/contracts';
import { asConnectorError, caseAlerts, findCase } from './irm-lookups';
import { IRM_API, type IrmConnectorContext } from './irm-ports';

const Parameters = z.object({ Case_Id: z.string({ error: 'expected the case id (C-…)' }).trim().min(1, 'expected the case id (C-…)') });

/** The swagger passes `Case_Id` as a header; flows set it as a parameter either way. */
export const getIrmAlertsForCase: ActionOperation<z.infer<typeof Parameters>, IrmConnectorContext> = {
  kind: 'action',
  api: IRM_API,
  operationId: 'GetIrmAlertsForCase',
  summary: 'Get insider risk management alerts for a case',
  parameters: Parameters,
  async execute(parameters, context) {
    const value = await context.irm.store
      .transaction(async (tx) => caseAlerts(tx, context.irm, await findCase(tx, parameters.Case_Id)))
      .catch(asConnectorError);
    return { statusCode: 200, body: { value } };
  },
};

import { z } from 'zod';
import { userRiskLevel } from '../../../core/alerts/user-risk';
import { listActiveCasesOf } from '../../../core/cases/case.repository';
import { NotFoundError } from '../../../core/errors';
import type { ActionOperation } from '../../engine/contracts';
import { asConnectorError } from './irm-lookups';
import { IRM_API, type IrmConnectorContext } from './irm-ports';
import { riskyUserBody } from './irm-shapes';

const Parameters = z.object({
  RiskyUser_Id: z.string({ error: 'expected the user principal name' }).trim().toLowerCase().refine((v) => v.includes('@'), 'expected the user principal name (name@domain)'),
});

/** Risky users are keyed by UPN here (Microsoft's connector uses an opaque id; ours is the UPN the events carry). */
export const getIrmRiskyUser: ActionOperation<z.infer<typeof Parameters>, IrmConnectorContext> = {
  kind: 'action',
  api: IRM_API,
  operationId: 'GetIrmRiskyUser',
  summary: 'Get insider risk management user',
  parameters: Parameters,
  async execute(parameters, context) {
    const body = await context.irm.store
      .transaction(async (tx) => {
        const upn = parameters.RiskyUser_Id;
        const user = (await tx.users.get(upn))?.value;
        const risk = await userRiskLevel(tx, upn);
        if (user === undefined && risk.activeAlerts === 0) throw new NotFoundError(`no user ${upn} in the directory or with alerts`);
        const [active] = await listActiveCasesOf(tx, upn);
        return riskyUserBody(upn, user, risk, active);
      })
      .catch(asConnectorError);
    return { statusCode: 200, body };
  },
};

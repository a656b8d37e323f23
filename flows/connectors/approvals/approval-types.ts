import { z } from 'zod';

/**
 * The approval types of "Start and wait for an approval" (the `approvalType` path parameter; the
 * swagger takes its values from GetApprovalTypes). The designer writes `Basic` ("Approve/Reject -
 * First to respond"), `BasicAwaitAll` ("Approve/Reject - Everyone must approve"),
 * `CustomResponse` ("Custom Responses - Wait for one response") and `CustomResponseAwaitAll`
 * ("Custom Responses - Wait for all responses"); `Custom` and `CustomAwaitAll` are read as the
 * custom ones, and case does not matter (Graph's approval resources write `basicAwaitAll`).
 */
export const APPROVAL_TYPES = ['Basic', 'BasicAwaitAll', 'CustomResponse', 'CustomResponseAwaitAll'] as const;
export type ApprovalType = (typeof APPROVAL_TYPES)[number];

const ALIASES: Readonly<Record<string, ApprovalType>> = {
  basic: 'Basic',
  basicawaitall: 'BasicAwaitAll',
  custom: 'CustomResponse',
  customresponse: 'CustomResponse',
  customresponses: 'CustomResponse',
  customawaitall: 'CustomResponseAwaitAll',
  customresponseawaitall: 'CustomResponseAwaitAll',
};

export const ApprovalTypeSchema = z.preprocess(
  (value) => (typeof value === 'string' ? (ALIASES[value.trim().toLowerCase()] ?? value) : value),
  z.enum(APPROVAL_TYPES, { error: 'expected Basic, BasicAwaitAll, CustomResponse or CustomResponseAwaitAll' }),
);

/** Valid answers to the Basic types; the docs call them case-sensitive. */
export const BASIC_OPTIONS = ['Approve', 'Reject'] as const;

export function isCustom(type: ApprovalType): boolean {
  return type === 'CustomResponse' || type === 'CustomResponseAwaitAll';
}

/**
 * The outcome once the answers so far settle it, or undefined while more are awaited. First-to-
 * respond types end with the first answer. "Everyone must approve" ends with everyone approving —
 * or with the first Reject: "If any approver rejects, the approval request is considered rejected
 * for all approvers" (Power Automate docs, all-assigned-must-approve.md). "Wait for all responses"
 * ends when everyone has answered; its outcome lists the distinct answers given, in the order they
 * were first given (one answer when everyone agreed).
 */
export function settledOutcome(type: ApprovalType, answers: readonly string[], approverCount: number): string | undefined {
  const last = answers[answers.length - 1];
  if (last === undefined) return undefined;
  switch (type) {
    case 'Basic':
    case 'CustomResponse':
      return last;
    case 'BasicAwaitAll':
      if (last === 'Reject') return 'Reject';
      return answers.length >= approverCount ? 'Approve' : undefined;
    case 'CustomResponseAwaitAll':
      return answers.length >= approverCount ? [...new Set(answers)].join(', ') : undefined;
  }
}

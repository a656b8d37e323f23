import type { AnyCardActionHandler } from './card-action';
import { alertAddToCaseHandler } from './alert-add-to-case.handler';
import { alertConfirmHandler } from './alert-confirm.handler';
import { alertDetailsHandler } from './alert-details.handler';
import { alertDismissHandler } from './alert-dismiss.handler';
import { alertRefreshHandler } from './alert-refresh.handler';
import { caseActivityHandler } from './case-activity.handler';
import { caseAddContributorHandler } from './case-add-contributor.handler';
import { caseAddNoteHandler } from './case-add-note.handler';
import { caseRefreshHandler } from './case-refresh.handler';
import { caseResolveHandler } from './case-resolve.handler';
import { caseSendNoticeHandler } from './case-send-notice.handler';
import { flowRespondHandler } from './flow-respond.handler';

/** Every card verb's handler; exactly one per verb in cards/verbs.ts (checked by a test). */
export const CARD_ACTION_HANDLERS: readonly AnyCardActionHandler[] = [
  alertRefreshHandler,
  alertDetailsHandler,
  alertConfirmHandler,
  alertAddToCaseHandler,
  alertDismissHandler,
  caseRefreshHandler,
  caseActivityHandler,
  caseAddNoteHandler,
  caseAddContributorHandler,
  caseResolveHandler,
  caseSendNoticeHandler,
  flowRespondHandler,
];

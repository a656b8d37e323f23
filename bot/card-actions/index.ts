import type { AnyCardActionHandler } from './card-action';
import { alertAddToCaseHandler } from './alert-add-to-case.handler';
import { alertConfirmHandler } from './alert-confirm.handler';
import { alertDetailsHandler } from './alert-details.handler';
import { alertDismissHandler } from './alert-dismiss.handler';
import { alertRefreshHandler } from './alert-refresh.handler';

/** Every card verb's handler; exactly one per verb in cards/verbs.ts (checked by a test). */
export const CARD_ACTION_HANDLERS: readonly AnyCardActionHandler[] = [
  alertRefreshHandler,
  alertDetailsHandler,
  alertConfirmHandler,
  alertAddToCaseHandler,
  alertDismissHandler,
];

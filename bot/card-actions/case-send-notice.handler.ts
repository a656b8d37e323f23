import { UserError } from '../../core/errors';
import { renderCaseCard } from '../case-card-view';
import { NOTICES_NOT_CONFIGURED, noticeOutcomeText, sendNoticeFromBot } from '../commands/notice-sending';
import { defineCardAction } from './card-action';
import { loadCase } from './case-action-support';

/**
 * "Send notice" on the case card: the chosen template, with an optional subject override, mailed
 * to the case's user; the case card comes back with the note added and the outcome on it. The
 * mail is sent outside any unit of work (core/notices/send-notice.ts records before and after),
 * so this handler does not use answerWithCaseCard, which decides inside one.
 */
export const caseSendNoticeHandler = defineCardAction({
  verb: 'case.sendNotice',
  permission: 'investigateCases',
  async run(context, data) {
    const { services, caller } = context;
    // An unknown case is the router's "Not found" card; anything else is said on the case card.
    const found = await services.store.transaction((tx) => loadCase(tx, data.caseId));
    let notice: string;
    if (services.notices === undefined) notice = `⚠️ ${NOTICES_NOT_CONFIGURED}`;
    else if (data.noticeTemplate.trim() === '') notice = '⚠️ Pick a notice template.';
    else {
      try {
        const subject = data.noticeSubject.trim();
        const result = await sendNoticeFromBot(services, caller, {
          case: found.value,
          template: data.noticeTemplate,
          requestId: data.requestId,
          ...(subject === '' ? {} : { overrides: { subject } }),
        });
        notice = result === undefined ? `⚠️ ${NOTICES_NOT_CONFIGURED}` : noticeOutcomeText(result);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        notice = `⚠️ ${error.message}`;
      }
    }
    return services.store.transaction(async (tx) => renderCaseCard(services, tx, (await loadCase(tx, data.caseId)).value, { access: 'full', notice }));
  },
});

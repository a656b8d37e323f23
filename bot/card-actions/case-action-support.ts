import type { Case } from '../../core/cases/case';
import type { CaseAccess } from '../../core/cases/case-service';
import { getCase } from '../../core/cases/case.repository';
import { deniedAttemptRecord } from '../../core/access/denied-attempts';
import { NotFoundError, PermissionDeniedError, UserError } from '../../core/errors';
import { resolveReference } from '../../core/persistence/references';
import type { CardJson } from '../../core/ports/messenger';
import type { StoreTransaction, Versioned } from '../../core/ports/store';
import { caseAccessOf, renderCaseCard } from '../case-card-view';
import type { CardActionContext } from './card-action';

export async function loadCase(tx: StoreTransaction, caseId: string): Promise<Versioned<Case>> {
  const ref = await resolveReference(tx, caseId, 'case');
  return getCase(tx, ref.userId, ref.id);
}

/**
 * Runs a case action for the clicking person and answers with the case card as they should now
 * see it; a mistake in their input comes back on the card.
 */
export async function answerWithCaseCard(
  context: CardActionContext,
  caseId: string,
  action: string,
  decide: (tx: StoreTransaction, current: Versioned<Case>, access: CaseAccess) => Promise<{ case: Case; notice?: string; timelineDays?: 30 | 90 }>,
): Promise<CardJson> {
  const { services, caller } = context;
  const first = await services.store.transaction((tx) => loadCase(tx, caseId));
  const access = await caseAccessOf(services, caller, first.value, action);
  try {
    const card = await services.store.transaction(async (tx) => {
      const current = await loadCase(tx, caseId);
      const decided = await decide(tx, current, access);
      return renderCaseCard(services, tx, decided.case, {
        access,
        ...(decided.timelineDays === undefined ? {} : { timelineDays: decided.timelineDays }),
        ...(decided.notice === undefined ? {} : { notice: decided.notice }),
      });
    });
    services.kick();
    return card;
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof NotFoundError) throw error;
    // A contributor trying what only case workers may (core refuses): audited like any denial.
    if (error instanceof PermissionDeniedError) await services.store.transaction((tx) => services.audit(tx, deniedAttemptRecord(caller, 'investigateCases', action)));
    return services.store.transaction(async (tx) => renderCaseCard(services, tx, (await loadCase(tx, caseId)).value, { access, notice: `⚠️ ${error.message}` }));
  }
}

import { addCaseContributor } from '../../core/cases/case-service';
import { parseObjectId } from '../../core/access/role-assignments';
import { ValidationError } from '../../core/errors';
import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** "Add contributor": a directory user (UPN) or an Entra object id gets restricted access to the case. */
export const caseAddContributorHandler = defineCardAction({
  verb: 'case.addContributor',
  permission: 'view',
  run: (context, data) =>
    answerWithCaseCard(context, data.caseId, 'change the contributors of this case', async (tx, current, access) => {
      const typed = data.contributor.trim();
      let person: { id: string; name?: string };
      if (typed.includes('@')) {
        const user = await tx.users.get(typed);
        if (user?.value.objectId === undefined) {
          throw new ValidationError(`${typed} is not in the directory with an Entra object id; give the object id instead`, [{ field: 'contributor', reason: 'unknown user' }]);
        }
        person = { id: parseObjectId(user.value.objectId, 'contributor'), name: user.value.displayName };
      } else {
        person = { id: parseObjectId(typed, 'contributor') };
      }
      const result = await addCaseContributor(tx, context.services, { case: current, by: context.caller, access, contributor: person, now: context.services.clock.now().toISOString() });
      return { case: result.case, notice: result.changed ? `${person.name ?? person.id} can now contribute to this case.` : `${person.name ?? person.id} already contributes to this case.` };
    }),
});

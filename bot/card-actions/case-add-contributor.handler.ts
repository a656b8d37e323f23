import { addCaseContributor } from '../../core/cases/case-service';
import { resolvePerson } from '../../core/directory/resolve-person';
import { defineCardAction } from './card-action';
import { answerWithCaseCard } from './case-action-support';

/** "Add contributor": a directory user (UPN) or an Entra object id gets restricted access to the case. */
export const caseAddContributorHandler = defineCardAction({
  verb: 'case.addContributor',
  permission: 'view',
  run: (context, data) =>
    answerWithCaseCard(context, data.caseId, 'change the contributors of this case', async (tx, current, access) => {
      const found = await resolvePerson(tx, data.contributor, 'contributor');
      const person = { id: found.aadObjectId, ...(found.name === undefined ? {} : { name: found.name }) };
      const result = await addCaseContributor(tx, context.services, { case: current, by: context.caller, access, contributor: person, now: context.services.clock.now().toISOString() });
      return { case: result.case, notice: result.changed ? `${person.name ?? person.id} can now contribute to this case.` : `${person.name ?? person.id} already contributes to this case.` };
    }),
});

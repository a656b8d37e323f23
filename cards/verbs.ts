import { z } from 'zod';

/**
 * Every `Action.Execute` verb a card sends, with the schema of the data it carries (the action's
 * `data` merged with the card's input values, as Teams sends them). bot/card-actions has exactly
 * one handler per verb; a test keeps the two in step.
 */
const AlertRef = z.string().regex(/^A-[0-9A-F]{12}$/, 'expected an alert reference like A-1B2C3D4E5F60');
const CaseId = z.string().regex(/^C-[0-9A-F]{12}$/, 'expected a case id like C-1B2C3D4E5F60');

export const VERB_SCHEMAS = {
  'alert.refresh': z.object({ alertRef: AlertRef }),
  'alert.details': z.object({ alertRef: AlertRef, expanded: z.boolean().default(false) }),
  'alert.confirm': z.object({ alertRef: AlertRef, caseName: z.string().default(''), comment: z.string().optional() }),
  'alert.addToCase': z.object({ alertRef: AlertRef, caseId: z.string().default(''), addComment: z.string().optional() }),
  'alert.dismiss': z.object({ alertRef: AlertRef, reason: z.string().default(''), notes: z.string().optional() }),
  'case.refresh': z.object({ caseId: CaseId }),
  'case.addNote': z.object({ caseId: CaseId, note: z.string().default('') }),
  'case.addContributor': z.object({ caseId: CaseId, contributor: z.string().default('') }),
  'case.resolve': z.object({ caseId: CaseId, resolution: z.string().default(''), actionTaken: z.string().default('') }),
  'case.activity': z.object({ caseId: CaseId, days: z.union([z.literal(30), z.literal(90)]) }),
  /** `requestId` comes with the rendered card, so a repeated click on the same card sends one notice. */
  'case.sendNotice': z.object({ caseId: CaseId, requestId: z.string().min(1).max(200), noticeTemplate: z.string().default(''), noticeSubject: z.string().default('') }),
  /**
   * An answer to a card a flow posted and waits on (an approval, an HR request). The token is the
   * authority (unguessable, one waiting step); the connector checks who may answer. The rest of
   * the data is the card's inputs and the chosen option, handed to the flow as they are.
   */
  'flow.respond': z.object({ waitToken: z.string().regex(/^[0-9a-f]{32,128}$/, 'expected the wait token the card was posted with') }).catchall(z.unknown()),
} as const;

export type Verb = keyof typeof VERB_SCHEMAS;
export const VERBS = Object.keys(VERB_SCHEMAS) as Verb[];
export type VerbData<V extends Verb> = z.output<(typeof VERB_SCHEMAS)[V]>;

export function isVerb(value: string): value is Verb {
  return Object.prototype.hasOwnProperty.call(VERB_SCHEMAS, value);
}

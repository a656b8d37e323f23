import { z } from 'zod';
import type { Directory } from '../../../core/ports/directory';
import type { WaitResponse } from '../../engine/contracts';
import { withConnectorErrors } from '../connector-errors';

/**
 * People a flow names — Teams chat recipients, approvers — as the connectors take them: one string
 * of UPNs, e-mail addresses or Entra object ids separated by semicolons (a trailing `;` is what
 * the designer writes). Commas are accepted too: no address contains one.
 */
export function splitPeople(text: string): string[] {
  const seen = new Set<string>();
  const people: string[] = [];
  for (const entry of text.split(/[;,]/)) {
    const person = entry.trim();
    if (person === '' || seen.has(person.toLowerCase())) continue;
    seen.add(person.toLowerCase());
    people.push(person);
  }
  return people;
}

/** A UPN or e-mail address (`x@y`) or an Entra object id (GUID). */
const PERSON = /^(?:[^\s@;,<>()"]+@[^\s@;,<>()"]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** A zod string naming at least one person; each entry must look like a UPN, an e-mail address or an object id. */
export function peopleList(what: string): z.ZodType<string> {
  return z
    .string({ error: `expected ${what}: UPNs or e-mail addresses separated by semicolons` })
    .refine((text) => splitPeople(text).length > 0, { error: `expected ${what}: at least one UPN or e-mail address` })
    .refine((text) => splitPeople(text).every((p) => PERSON.test(p)), {
      error: (issue) => `expected UPNs, e-mail addresses or object ids separated by semicolons; not one: ${splitPeople(String(issue.input)).filter((p) => !PERSON.test(p)).join(', ')}`,
    });
}

/** A person as the flow named them and as the directory knows them (when it does); kept in subscriptions. */
export const PersonSchema = z.object({
  /** As written in the flow. */
  given: z.string(),
  upn: z.string().optional(),
  objectId: z.string().optional(),
  mail: z.string().optional(),
  displayName: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;

/**
 * Looks everyone up in the directory, so that an answer (which carries the responder's object id)
 * can be matched to the person the flow named by UPN or e-mail. Someone the directory does not
 * know is kept as given: Teams may still know them, and posting will say if not.
 */
export async function resolvePeople(directory: Directory, given: readonly string[]): Promise<Person[]> {
  const people: Person[] = [];
  for (const name of given) {
    const user = await withConnectorErrors(`looking up ${name}`, () => directory.getUser(name));
    people.push(
      user === undefined
        ? { given: name }
        : {
            given: name,
            upn: user.upn.toLowerCase(),
            ...(user.objectId === undefined ? {} : { objectId: user.objectId.toLowerCase() }),
            ...(user.mail === undefined ? {} : { mail: user.mail.toLowerCase() }),
            displayName: user.displayName,
          },
    );
  }
  return people;
}

/** Whether the responder of an answer is this person: by object id, UPN or e-mail, ignoring case. */
export function isSamePerson(person: Person, responder: WaitResponse['responder']): boolean {
  const mine = new Set([person.given, person.upn, person.objectId, person.mail].filter((v): v is string => v !== undefined).map((v) => v.toLowerCase()));
  return [responder.id, responder.upn].some((v) => v !== undefined && v !== '' && mine.has(v.toLowerCase()));
}

/** How a card names the person. */
export function personName(person: Person): string {
  return person.displayName ?? person.upn ?? person.given;
}

/** What Teams should be handed to reach the person's chat: the UPN when known, else what the flow wrote. */
export function personAddress(person: Person): string {
  return person.upn ?? person.given;
}

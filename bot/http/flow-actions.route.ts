import type { Server } from 'restify';
import { z } from 'zod';
import { CASE_NOTE_MAX } from '../../core/cases/case';
import { getCase } from '../../core/cases/case.repository';
import { addCaseNote } from '../../core/cases/case-service';
import { resolveReference } from '../../core/persistence/references';
import { issuesFromZod, validationFailure } from '../../core/settings/validation-issues';
import { findAlert, findCase } from '../../flows/connectors/irm/irm-lookups';
import type { IrmPorts } from '../../flows/connectors/irm/irm-ports';
import { externalAlertView, externalCaseAlerts, externalCaseView, pseudonymizing } from '../../flows/subscriptions/external-views';
import { callerOf, flowHandler, type FlowRouteDeps, param, readJsonBody } from './flow-http';

/** AddIrmCaseNote's body, as Microsoft's connector names it (`body/content` in a flow's parameters). */
const CaseNoteBodySchema = z
  .object({
    content: z
      .string({ error: 'expected the note text' })
      .trim()
      .min(1, 'expected the note text')
      .max(CASE_NOTE_MAX, `expected at most ${CASE_NOTE_MAX} characters`),
  })
  .strict();

/**
 * The actions of our Power Automate custom connector, named and shaped after Microsoft's
 * insider-risk connector (GetIrmAlert, GetIrmCase, GetIrmAlertsForCase, AddIrmCaseNote) so a flow
 * moves between the two by swapping the connector:
 *
 * - `GET /api/flows/alerts/:Alert_Id` — the alert (`A-…` reference);
 * - `GET /api/flows/cases/:Case_Id` — the case (`C-…`);
 * - `GET /api/flows/cases/:Case_Id/alerts` — `{ value: [alert …] }`;
 * - `POST /api/flows/cases/:Case_Id/notes` `{ content }` — a note by the connector (audited by the case service).
 *
 * Bodies are those of our engine's `irm` connector with the subject pseudonymized while privacy is
 * on. The connector key is the whole authorization (like the ingestion key): whoever holds it reads
 * every alert and case, so it is handed only to the Power Automate environment that needs it.
 */
export function registerFlowActionRoutes(server: Server, deps: FlowRouteDeps): void {
  const ports: IrmPorts = {
    store: deps.store,
    pseudonymizer: deps.pseudonymizer,
    audit: deps.audit,
    clock: deps.clock,
    ...(deps.tenantId === undefined ? {} : { tenantId: deps.tenantId }),
  };

  server.get(
    '/api/flows/alerts/:Alert_Id',
    flowHandler(deps, 'GetIrmAlert', async (req) => {
      callerOf(deps, req);
      const body = await deps.store.transaction(async (tx) => externalAlertView(tx, ports, await findAlert(tx, param(req, 'Alert_Id')), await pseudonymizing(tx, deps.clock.now())));
      return [200, body] as const;
    }),
  );

  server.get(
    '/api/flows/cases/:Case_Id',
    flowHandler(deps, 'GetIrmCase', async (req) => {
      callerOf(deps, req);
      const body = await deps.store.transaction(async (tx) => externalCaseView(tx, ports, await findCase(tx, param(req, 'Case_Id')), await pseudonymizing(tx, deps.clock.now())));
      return [200, body] as const;
    }),
  );

  server.get(
    '/api/flows/cases/:Case_Id/alerts',
    flowHandler(deps, 'GetIrmAlertsForCase', async (req) => {
      callerOf(deps, req);
      const value = await deps.store.transaction(async (tx) => externalCaseAlerts(tx, ports, await findCase(tx, param(req, 'Case_Id')), await pseudonymizing(tx, deps.clock.now())));
      return [200, { value }] as const;
    }),
  );

  server.post(
    '/api/flows/cases/:Case_Id/notes',
    flowHandler(deps, 'AddIrmCaseNote', async (req) => {
      const { actor: author } = callerOf(deps, req);
      const parsed = CaseNoteBodySchema.safeParse(await readJsonBody(req));
      if (!parsed.success) throw validationFailure('the case note', issuesFromZod(parsed.error));
      const caseRef = param(req, 'Case_Id');
      const noteId = await deps.store.transaction(async (tx) => {
        const target = await resolveReference(tx, caseRef, 'case');
        const stored = await getCase(tx, target.userId, target.id);
        const next = await addCaseNote(tx, deps, { case: stored, author, text: parsed.data.content, now: deps.clock.now().toISOString(), kind: 'system' });
        return next.notes[next.notes.length - 1].id;
      });
      deps.kick?.();
      return [200, { noteId, caseId: caseRef.trim().toUpperCase() }] as const;
    }),
  );
}

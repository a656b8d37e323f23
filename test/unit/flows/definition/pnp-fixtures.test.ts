import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTemplateString, lookupFunction, parseTemplate } from '../../../../flows/engine/expressions';
import { lintFlow, type LintCapabilities, type LintReport } from '../../../../flows/engine/definition/lint-flow';
import { loadFlowFile, type LoadedFlow } from '../../../../flows/engine/definition/load-flow';

/**
 * The acceptance test: every real exported flow in the shared corpus loads, every
 * expression in it parses, and the linter's verdict on it is pinned (snapshot per file, plus
 * explicit checks below). Read in place from ../shared; if that folder is missing the suite
 * fails (readdirSync throws) rather than skipping.
 */
const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');
const FILES = fs
  .readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort();

/** The engine as the issue fixes it for this test (not the runner's live lists). */
const capabilities: LintCapabilities = {
  actionTypes: new Set([
    'OpenApiConnection', 'OpenApiConnectionWebhook', 'If', 'Foreach', 'Switch', 'Until', 'Scope', 'Terminate',
    'InitializeVariable', 'SetVariable', 'AppendToArrayVariable', 'AppendToStringVariable', 'IncrementVariable',
    'DecrementVariable', 'Compose', 'ParseJson', 'Query', 'Select', 'Join', 'Table', 'Http', 'Wait', 'Response',
  ]),
  triggerTypes: new Set(['Request', 'Recurrence', 'OpenApiConnectionWebhook', 'OpenApiConnection']),
  operations: new Set([
    ...['Manager_V2', 'UserProfile_V2', 'MyProfile_V2'].map((op) => `shared_office365users:${op}`),
    ...['SendEmailV2', 'V4CalendarPostItem'].map((op) => `shared_office365:${op}`),
    ...['PostMessageToConversation', 'PostCardToConversation', 'PostCardAndWaitForResponse'].map((op) => `shared_teams:${op}`),
    'shared_approvals:StartAndWaitForAnApproval',
    'shared_service-now:CreateRecord',
    ...['GetIrmAlert', 'GetIrmCase', 'GetIrmRiskyUser', 'GetIrmAlertsForCase', 'AddIrmCaseNote', 'OnIRMCaseSelected', 'OnIRMRiskyUserSelected'].map(
      (op) => `shared_microsoft365compliance:${op}`,
    ),
  ]),
  isFunction: (name) => lookupFunction(name) !== undefined,
};

const loaded = new Map<string, LoadedFlow>(FILES.map((file) => [file, loadFlowFile(file, fs.readFileSync(path.join(FIXTURES, file), 'utf8'))]));
const reports = new Map<string, LintReport>([...loaded].map(([file, flow]) => [file, lintFlow(flow, capabilities)]));

function reportOf(prefix: string): LintReport {
  const file = FILES.find((f) => f.startsWith(prefix));
  const report = file === undefined ? undefined : reports.get(file);
  if (report === undefined) throw new Error(`no fixture starting with ${prefix}`);
  return report;
}

/** Every string the engine would evaluate (description and metadata values are not). */
function templateStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (isTemplateString(value)) out.push(value);
  } else if (Array.isArray(value)) value.forEach((item) => templateStrings(item, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) if (key !== 'description' && key !== 'metadata') templateStrings(child, out);
  }
  return out;
}

describe('the pnp/powerautomate-samples corpus', () => {
  it('is there: 22 exported flows', () => {
    expect(FILES).toHaveLength(22);
  });

  describe.each(FILES)('%s', (file) => {
    const flow = loaded.get(file) as LoadedFlow;
    const report = reports.get(file) as LintReport;

    it('loads as an export package or a solution file', () => {
      expect(['legacy-package', 'solution']).toContain(flow.format);
      expect(flow.format).toBe(file.endsWith('--definition.json') ? 'legacy-package' : 'solution');
    });

    it('parses every expression in it', () => {
      const strings = templateStrings(flow.definition);
      expect(strings.length).toBe(report.counts.expressions);
      const failures = strings.filter((text) => {
        try {
          parseTemplate(text);
          return false;
        } catch {
          return true;
        }
      });
      expect(failures).toEqual([]);
      expect(report.findings.filter((f) => f.kind === 'expression')).toEqual([]);
    });

    it('gets the pinned lint report', () => {
      expect({ name: flow.name, runnable: report.runnable, counts: report.counts, findings: report.findings }).toMatchSnapshot();
    });
  });

  it('finds exactly two fully runnable flows: the error-handling patterns', () => {
    expect(FILES.filter((file) => reports.get(file)?.runnable)).toEqual(['Try-Catch-Finally--definition.json', 'exception-handing-in-do-until-loop--definition.json']);
  });

  it('passes the Try-Catch-Finally pattern: three scopes chained by Failed and by every status', () => {
    expect(reportOf('Try-Catch-Finally')).toEqual({ runnable: true, findings: [], counts: { actions: 3, triggers: 1, expressions: 0 } });
  });

  it('passes the Do-until exception pattern: Until, Scope, If, variables, Terminate, rand/div', () => {
    expect(reportOf('exception-handing-in-do-until-loop')).toMatchObject({ runnable: true, findings: [], counts: { actions: 10, triggers: 1 } });
  });

  it('stops a SharePoint flow on the SharePoint operations only: approvals and Outlook mail are supported', () => {
    const report = reportOf('sharepoint-collect-feedback');
    expect(report.runnable).toBe(false);
    expect(report.findings.map((f) => [f.kind, f.name])).toEqual(
      expect.arrayContaining([
        ['operation', 'shared_sharepointonline:ForASelectedFileHybridTrigger'],
        ['operation', 'shared_sharepointonline:GetFileItem'],
        ['operation', 'shared_sharepointonline:PostItem'],
      ]),
    );
    expect(report.findings.every((f) => f.kind === 'operation' && f.name.startsWith('shared_sharepointonline:'))).toBe(true);
  });

  it('names the Teams card step of a reminders flow as supported while its SharePoint list read is not', () => {
    const names = reportOf('teams-adaptive-card-reminders-from-lists').findings.map((f) => f.name);
    expect(names).toContain('shared_sharepointonline:GetItems');
    expect(names).not.toContain('shared_teams:PostCardToConversation');
  });

  it('reports the Logic Apps style steps of the flagged-email flow by connection and swagger operation', () => {
    const findings = reportOf('planner-task-from-flagged-email').findings;
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'trigger-type', path: 'triggers.When_an_email_is_flagged_(V2)', name: 'ApiConnectionNotification' }),
        expect.objectContaining({ kind: 'operation', path: 'triggers.When_an_email_is_flagged_(V2)', name: 'shared_office365:OnFlaggedEmailV3' }),
        expect.objectContaining({ kind: 'action-type', name: 'ApiConnection' }),
        expect.objectContaining({ kind: 'operation', name: 'shared_planner:CreateTask_V3' }),
      ]),
    );
  });
});

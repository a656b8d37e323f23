import { formatUtc } from '../../cards/common/format';
import { noticeCard } from '../../cards/notice/notice.card';
import { tableCard } from '../../cards/table/table.card';
import { ValidationError } from '../../core/errors';
import { formatLintReport, lintFlow } from '../../flows/engine/definition/lint-flow';
import type { FlowEngine } from '../../flows/flow-engine';
import { FLOW_TEMPLATES } from '../../flows/templates';
import { describeTrigger, flowTriggers } from '../../flows/library/flow-triggers';
import { declaredParameters, disableFlow, enableFlow, getFlow, importFlow, listFlows } from '../../flows/library/flow-service';
import type { ChatCommand, CommandContext } from './chat-command';
import type { ParsedArguments } from './command-text';
import { textOption } from './alert-filters';
import { currentSettings } from '../../core/settings/current-settings';
import { listSubscriptions } from '../../flows/subscriptions/flow-subscription.repository';

/**
 * `flows list|show|enable|disable|import|run|runs`: Power Automate-style flows from chat. Admins
 * (configure policies and settings) install, import and switch flows; analysts and investigators
 * run them for a case or user and read run history — statuses and errors, never step inputs,
 * which hold real identities.
 */

const RUN_ID = /^R-[0-9A-F]{20}$/i;
const ADDRESS = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/**
 * Run errors may name people ("no manager for ada@contoso.com"): flows run with real identities,
 * the people reading run history in Teams see pseudonyms while pseudonymization is on.
 */
async function errorTexts(context: CommandContext): Promise<(error: { code: string; message: string } | undefined) => string> {
  const { services } = context;
  const settings = await services.store.transaction((tx) => currentSettings(tx, services.clock.now()));
  return (error) => {
    if (error === undefined) return '';
    const text = `${error.code}: ${error.message}`;
    return settings.privacy.pseudonymize ? text.replace(ADDRESS, (address) => services.pseudonymizer.pseudonym(address)) : text;
  };
}

function engineOf(context: CommandContext): FlowEngine {
  const engine = context.services.flows;
  if (engine === undefined) throw new ValidationError('flows are not available in this deployment', [{ field: 'flows', reason: 'not configured' }]);
  return engine;
}

function flowArgument(args: ParsedArguments, usage: string): string {
  const id = args.positionals[0];
  if (id === undefined) throw new ValidationError(`name the flow: ${usage} (see 'flows list')`, [{ field: 'flow', reason: 'required' }]);
  return id;
}

function valueText(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (Array.isArray(value)) return value.join('; ');
  return typeof value === 'string' ? (value === '' ? '(empty)' : value) : JSON.stringify(value);
}

export const flowsListCommand: ChatCommand = {
  name: 'flows list',
  usage: 'flows list',
  summary: 'the flows: installed ones, imported ones and the templates that can be enabled',
  permission: 'configurePoliciesAndSettings',
  async run(context) {
    const stored = await context.services.store.transaction((tx) => listFlows(tx));
    const installed = new Set(stored.map((f) => f.id));
    const rows = [
      ...stored.map((f) => [f.id, f.name, f.source.kind === 'template' ? 'template' : `imported (${f.source.format})`, f.enabled ? 'Enabled' : 'Disabled', flowTriggers(f.definition).map(describeTrigger).join('; ')]),
      ...FLOW_TEMPLATES.filter((t) => !installed.has(t.id)).map((t) => [t.id, t.name, 'template', 'Available', flowTriggers(t.definition).map(describeTrigger).join('; ')]),
    ];
    return {
      card: tableCard({
        title: 'Flows',
        subtitle: `${stored.filter((f) => f.enabled).length} enabled, ${stored.length} installed, ${FLOW_TEMPLATES.length} templates`,
        headers: ['Flow', 'Name', 'Source', 'State', 'Starts'],
        widths: [3, 4, 2, 2, 5],
        rows,
        footer: "Enable one with 'flows enable <flow> [parameter=value …]'; see one with 'flows show <flow>'.",
      }),
    };
  },
};

export const flowsShowCommand: ChatCommand = {
  name: 'flows show',
  usage: 'flows show <flow>',
  summary: "a flow's triggers, parameters, steps, linter findings and latest runs",
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const key = flowArgument(args, this.usage);
    const engine = engineOf(context);
    const template = FLOW_TEMPLATES.find((t) => t.id === key.toLowerCase());
    const stored = await context.services.store.transaction(async (tx) => {
      try {
        return (await getFlow(tx, key)).value;
      } catch (error) {
        // A template that is not installed yet is still shown (as available); anything else is not found.
        if (template === undefined) throw error;
        return undefined;
      }
    });
    const name = stored?.name ?? template!.name;
    const definition = stored?.definition ?? template!.definition;
    const parameters = stored?.parameters ?? {};
    const report = lintFlow({ format: 'definition', name, definition, connectionReferences: {} }, engine.capabilities);
    const facts: { title: string; value: string }[] = [
      { title: 'Id', value: stored?.id ?? template!.id },
      { title: 'State', value: stored === undefined ? 'Available template (not installed)' : stored.enabled ? `Enabled (version ${stored.version})` : `Disabled (version ${stored.version})` },
      { title: 'Source', value: stored === undefined || stored.source.kind === 'template' ? 'template' : `imported from ${stored.source.file} (${stored.source.format})` },
      ...flowTriggers(definition).map((t) => ({ title: `Trigger ${t.name}`, value: describeTrigger(t) })),
      ...[...declaredParameters(definition)].map(([p, d]) => ({ title: `Parameter ${p}`, value: `${valueText(parameters[p] ?? d.defaultValue)}${d.description === undefined ? '' : ` — ${d.description}`}` })),
      { title: 'Steps', value: `${report.counts.actions} actions, ${report.counts.expressions} expressions` },
      { title: 'Linter', value: report.runnable ? 'runnable here' : formatLintReport(report) },
    ];
    if (stored !== undefined) {
      const runs = await engine.listRuns(stored.id, 5);
      facts.push({ title: 'Latest runs', value: runs.length === 0 ? '(none)' : runs.map((r) => `${r.id} ${r.status} ${formatUtc(r.startedAt)}`).join('\n') });
    }
    return { card: noticeCard({ title: name, text: stored?.description ?? template?.description ?? '', facts }) };
  },
};

export const flowsEnableCommand: ChatCommand = {
  name: 'flows enable',
  usage: 'flows enable <flow> [parameter=value …]',
  summary: 'install a template or switch a flow on, setting its parameters',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const id = flowArgument(args, this.usage);
    const { services, caller } = context;
    const engine = engineOf(context);
    const flow = await services.store.transaction((tx) => enableFlow(tx, { audit: services.audit, capabilities: engine.capabilities }, { id, parameters: args.positionals.slice(1), actor: caller, now: services.clock.now().toISOString() }));
    const starts = flowTriggers(flow.definition).filter((t) => t.kind !== 'other').map(describeTrigger);
    return { text: `Flow ${flow.id} is enabled (version ${flow.version}). It starts ${starts.join('; ')}.` };
  },
};

export const flowsDisableCommand: ChatCommand = {
  name: 'flows disable',
  usage: 'flows disable <flow>',
  summary: 'switch a flow off (runs already waiting continue; nothing new starts)',
  permission: 'configurePoliciesAndSettings',
  async run(context, args) {
    const id = flowArgument(args, this.usage);
    const { services, caller } = context;
    const engine = engineOf(context);
    const flow = await services.store.transaction((tx) => disableFlow(tx, { audit: services.audit, capabilities: engine.capabilities }, { id, actor: caller, now: services.clock.now().toISOString() }));
    return { text: `Flow ${flow.id} is disabled.` };
  },
};

export const flowsImportCommand: ChatCommand = {
  name: 'flows import',
  usage: 'flows import <the flow JSON: a definition.json, a solution Workflows/*.json or a Logic Apps ARM template> (or send the file with the command in a chat with the app)',
  summary: 'import a Power Automate or Logic Apps flow (stored disabled, with the linter report)',
  permission: 'configurePoliciesAndSettings',
  rawText: true,
  async run(context, args) {
    const pasted = (args.positionals[0] ?? '').trim();
    const files = pasted === '' ? await context.teams.attachedFiles() : [];
    if (files.length > 1) throw new ValidationError(`flows import: send one file at a time (got ${files.map((f) => f.name).join(', ')})`, [{ field: 'file', reason: 'expected one file' }]);
    const [file] = files;
    const text = file?.text ?? pasted;
    if (!text.trimStart().startsWith('{')) {
      throw new ValidationError(
        file === undefined
          ? "flows import: paste the flow's JSON after the command, or send the exported file with 'flows import' in a chat with the app"
          : `flows import: ${file.name} is not JSON (expected a definition.json, a solution Workflows/*.json or an ARM template)`,
        [{ ...(file === undefined ? {} : { file: file.name }), field: 'file', reason: 'expected JSON' }],
      );
    }
    const { services, caller } = context;
    const engine = engineOf(context);
    const { flow, report } = await services.store.transaction((tx) => importFlow(tx, { audit: services.audit, capabilities: engine.capabilities }, { fileName: file?.name ?? 'chat message', text, actor: caller, now: services.clock.now().toISOString() }));
    return {
      card: noticeCard({
        title: `Imported ${flow.name}`,
        text: report.runnable ? `Stored as ${flow.id} (disabled). Everything in it runs here: 'flows enable ${flow.id}'.` : `Stored as ${flow.id} (disabled). It cannot be enabled until these are resolved:`,
        facts: [
          { title: 'Format', value: flow.source.kind === 'import' ? flow.source.format : '' },
          { title: 'Size', value: `${report.counts.triggers} trigger(s), ${report.counts.actions} action(s), ${report.counts.expressions} expression(s)` },
          ...(report.runnable ? [] : [{ title: 'Linter', value: formatLintReport(report) }]),
        ],
      }),
    };
  },
};

export const flowsRunCommand: ChatCommand = {
  name: 'flows run',
  usage: 'flows run <flow> --case <case id> | --user <upn>   ·   flows run <run id>',
  summary: "run a flow for a case or a user, or show one run's steps",
  permission: 'investigateCases',
  options: ['case', 'user'],
  async run(context, args) {
    const first = flowArgument(args, this.usage);
    const engine = engineOf(context);
    if (RUN_ID.test(first)) return showRun(context, engine, first.toUpperCase());
    const caseId = textOption(args.options.get('case'), 'case');
    const user = textOption(args.options.get('user'), 'user');
    if ((caseId === undefined) === (user === undefined)) throw new ValidationError(`flows run ${first}: expected --case <case id> or --user <upn> (one of them)`, [{ field: 'target', reason: 'expected --case or --user' }]);
    const target = caseId !== undefined ? ({ kind: 'case', caseId } as const) : ({ kind: 'user', upn: user! } as const);
    const { runId, flowId } = await engine.startManual({ flow: first, target, actor: context.caller });
    return { text: `Flow ${flowId} started as run ${runId}. See its steps with 'flows run ${runId}'.` };
  },
};

export const flowsRunsCommand: ChatCommand = {
  name: 'flows runs',
  usage: 'flows runs <flow>',
  summary: "a flow's latest runs: status, trigger, start and end, error",
  permission: 'investigateCases',
  async run(context, args) {
    const key = flowArgument(args, this.usage);
    const engine = engineOf(context);
    const flow = await context.services.store.transaction(async (tx) => (await getFlow(tx, key)).value);
    const runs = await engine.listRuns(flow.id, 50);
    const errorText = await errorTexts(context);
    return {
      card: tableCard({
        title: `Runs of ${flow.id}`,
        subtitle: `${runs.length} latest`,
        headers: ['Run', 'Status', 'Trigger', 'Started', 'Ended', 'Error'],
        widths: [4, 2, 3, 3, 3, 4],
        rows: runs.map((r) => [r.id, r.status, r.trigger.name, formatUtc(r.startedAt), r.endedAt === undefined ? '' : formatUtc(r.endedAt), errorText(r.error)]),
        emptyText: 'No runs yet.',
        footer: "Steps of one run: 'flows run <run id>'.",
      }),
    };
  },
};

async function showRun(context: CommandContext, engine: FlowEngine, runId: string): Promise<{ card: ReturnType<typeof tableCard> }> {
  const run = await engine.getRun(runId);
  if (run === undefined) throw new ValidationError(`no run ${runId} (see 'flows runs <flow>')`, [{ field: 'run', reason: 'not found' }]);
  const steps = await engine.listSteps(runId);
  const errorText = await errorTexts(context);
  const runError = errorText(run.error);
  return {
    card: tableCard({
      title: `Run ${run.id} of ${run.flowId}: ${run.status}`,
      subtitle: `Trigger ${run.trigger.name}, started ${formatUtc(run.startedAt)}${run.endedAt === undefined ? '' : `, ended ${formatUtc(run.endedAt)}`}${runError === '' ? '' : ` — ${runError}`}`,
      headers: ['Step', 'Type', 'Status', 'Attempts', 'Error'],
      widths: [5, 3, 2, 1, 5],
      rows: steps.map((s) => [s.path, s.type, s.status, String(s.attempts), errorText(s.error)]),
      emptyText: 'No steps ran.',
    }),
  };
}

export const flowsSubscriptionsCommand: ChatCommand = {
  name: 'flows subscriptions',
  usage: 'flows subscriptions',
  summary: 'the Power Automate flows subscribed to our events through the custom connector',
  permission: 'configurePoliciesAndSettings',
  async run(context) {
    const subscriptions = await context.services.store.transaction((tx) => listSubscriptions(tx));
    return {
      card: tableCard({
        title: 'Power Automate subscriptions',
        subtitle: `${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'} (flows/connector)`,
        headers: ['Subscription', 'Event', 'Calls back to', 'Filter', 'Since', 'Registrations'],
        widths: [4, 2, 4, 3, 3, 1],
        // The callback URL carries Power Automate's signature: only its host is shown.
        rows: subscriptions.map((s) => [s.id, s.eventType, URL.canParse(s.callbackUrl) ? new URL(s.callbackUrl).host : '(invalid URL)', s.filter === undefined ? '' : JSON.stringify(s.filter), formatUtc(s.createdAt), String(s.registrations)]),
        emptyText: 'No flow has subscribed. Import flows/connector into Power Automate to subscribe to alert and case events.',
      }),
    };
  },
};

import fs from 'node:fs';
import path from 'node:path';
import { createConnectorRegistry } from '../../../../flows/connectors/registry';
import { lintFlow, type LintCapabilities } from '../../../../flows/engine/definition/lint-flow';
import { loadFlowFile } from '../../../../flows/engine/definition/load-flow';
import { parseDefinition, SUPPORTED_ACTION_TYPES, SUPPORTED_TRIGGER_TYPES } from '../../../../flows/engine/definition/workflow-definition';
import { lookupFunction } from '../../../../flows/engine/expressions';
import { flowTriggers } from '../../../../flows/library/flow-triggers';
import { FLOW_TEMPLATES } from '../../../../flows/templates';

const capabilities: LintCapabilities = {
  actionTypes: new Set<string>(SUPPORTED_ACTION_TYPES),
  triggerTypes: new Set<string>(SUPPORTED_TRIGGER_TYPES),
  operations: createConnectorRegistry().operationKeys,
  isFunction: (name) => lookupFunction(name) !== undefined,
};

const DIR = path.resolve(__dirname, '../../../../flows/templates');

describe('the shipped flow templates', () => {
  it('are the five of the issue, each a file in flows/templates listed once', () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.flow.json')).map((f) => f.replace(/\.flow\.json$/, '')).sort();
    expect(FLOW_TEMPLATES.map((t) => t.id).sort()).toEqual(files);
    expect(files).toEqual(['case-review-reminder', 'notify-manager-on-alert', 'notify-user-added-to-policy', 'request-hr-information', 'servicenow-record-for-case']);
  });

  it.each(FLOW_TEMPLATES.map((t) => [t.id, t] as const))('%s loads as a plain WDL file, validates, and the linter finds nothing it cannot run', (id, template) => {
    const loaded = loadFlowFile(`${id}.flow.json`, fs.readFileSync(path.join(DIR, `${id}.flow.json`), 'utf8'));
    expect(loaded.definition).toEqual(template.definition);
    expect(() => parseDefinition(template.definition, id)).not.toThrow();
    const report = lintFlow(loaded, capabilities);
    expect(report.findings).toEqual([]);
    expect(report.runnable).toBe(true);
  });

  it('start on the events and manual triggers the issue names', () => {
    const starts = Object.fromEntries(FLOW_TEMPLATES.map((t) => [t.id, flowTriggers(t.definition).map((x) => (x.kind === 'event' ? x.eventType : x.kind === 'manual' ? `manual ${x.target}` : x.type))]));
    expect(starts).toEqual({
      'notify-user-added-to-policy': ['user.scoped'],
      'request-hr-information': ['manual case'],
      'notify-manager-on-alert': ['alert.created', 'manual case'],
      'servicenow-record-for-case': ['case.created', 'manual case'],
      'case-review-reminder': ['case.created', 'manual case'],
    });
    const alertTrigger = flowTriggers(FLOW_TEMPLATES.find((t) => t.id === 'notify-manager-on-alert')!.definition)[0];
    expect(alertTrigger).toMatchObject({ kind: 'event', conditions: ["@contains(parameters('notifySeverities'), triggerBody()?['alert']?['severity'])"] });
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationError, type ValidationIssue } from '../../../../core/errors';
import { loadFlowFile, loadFlowPackage, WORKFLOW_DEFINITION_SCHEMA } from '../../../../flows/engine/definition/load-flow';

/** Real exports, read in place from the shared folder beside the repository (never copied in). */
const FIXTURES = path.resolve(__dirname, '../../../../../shared/fixtures/flows/pnp-powerautomate-samples');
const readFixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const SCHEMA = WORKFLOW_DEFINITION_SCHEMA;

/** A small definition in the designer's shape: a button trigger, a Scope holding one connector step. */
function sampleDefinition(): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: { $connections: { defaultValue: {}, type: 'Object' } },
    triggers: { manual: { type: 'Request', kind: 'Button', inputs: { schema: { type: 'object', properties: {} } } } },
    actions: {
      Scope_Try: {
        type: 'Scope',
        runAfter: {},
        actions: {
          Get_manager: {
            type: 'OpenApiConnection',
            runAfter: {},
            inputs: {
              host: { connectionName: 'shared_office365users', operationId: 'Manager_V2', apiId: '/providers/Microsoft.PowerApps/apis/shared_office365users' },
              parameters: { id: "@triggerBody()?['upn']" },
            },
          },
        },
      },
    },
  };
}

function loadError(fileName: string, text: string): ValidationError {
  try {
    loadFlowFile(fileName, text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected ${fileName} to be rejected`);
}

function onlyIssue(error: ValidationError): ValidationIssue {
  expect(error.issues).toHaveLength(1);
  return error.issues[0];
}

describe('loadFlowFile: the container formats', () => {
  it('reads a legacy export package definition.json: display name, connection references by connector id, the definition untouched', () => {
    const text = readFixture('sharepoint-collect-feedback--definition.json');
    const raw = JSON.parse(text) as { properties: { definition: unknown } };
    const flow = loadFlowFile('definition.json', text);
    expect(flow.format).toBe('legacy-package');
    expect(flow.name).toBe('Collect Feedback');
    expect(flow.definition).toEqual(raw.properties.definition);
    expect(flow.connectionReferences).toEqual({
      shared_sharepointonline: { api: 'shared_sharepointonline', connectionName: '3bf42c5ac2964f86ad79806552577077' },
      shared_approvals: { api: 'shared_approvals', connectionName: 'shared-approvals-be6616cf-71ce-4a0b-a419-9786c94e4cf2' },
      shared_office365: { api: 'shared_office365', connectionName: 'ead2b0f73ff844c7b605de5f4eb400dc' },
    });
    expect(flow.notes).toEqual([]);
  });

  it('reads a Dataverse solution workflow file as it is exported, naming the flow after the file without its GUID', () => {
    const file = 'sharepoint-group-creation-with-user-added--Flow-CreateSharePointGroupandEnsureUsersasMembers-2578E499-0BE1-EC11-BB3C-000D3A233A82.json';
    const text = readFixture(file);
    const flow = loadFlowFile(file, text);
    expect(flow.format).toBe('solution');
    expect(flow.name).toBe('sharepoint-group-creation-with-user-added--Flow-CreateSharePointGroupandEnsureUsersasMembers');
    expect(flow.connectionReferences).toEqual({ shared_sharepointonline: { api: 'shared_sharepointonline', connectionName: 'knw365_SPgroupAutomation' } });
    expect(flow.definition).toEqual((JSON.parse(text) as { properties: { definition: unknown } }).properties.definition);
  });

  it('reads a small solution file: api.name is the connector, the logical name is the connection', () => {
    const solution = {
      properties: {
        connectionReferences: {
          shared_office365users_1: { runtimeSource: 'embedded', connection: { connectionReferenceLogicalName: 'irm_Office365Users' }, api: { name: 'shared_office365users' } },
          shared_teams: { runtimeSource: 'invoker', connection: {}, api: { name: 'shared_teams' } },
        },
        definition: sampleDefinition(),
        templateName: '',
      },
      schemaVersion: '1.0.0.0',
    };
    const flow = loadFlowFile('Workflows/NotifyManager-1F5DBA85-7D32-EC11-B6E5-000D3A582A55.json', JSON.stringify(solution));
    expect(flow).toEqual({
      format: 'solution',
      name: 'NotifyManager',
      definition: sampleDefinition(),
      connectionReferences: {
        shared_office365users_1: { api: 'shared_office365users', connectionName: 'irm_Office365Users' },
        shared_teams: { api: 'shared_teams' },
      },
      notes: [],
    });
  });

  it('reads a Logic Apps ARM template: the first workflow resource, $connections as shared_<managed api>, the name from its parameter, a note on the others', () => {
    const connections = {
      office365: {
        connectionId: "[resourceId('Microsoft.Web/connections', variables('o365'))]",
        connectionName: "[variables('o365')]",
        id: "[concat('/subscriptions/', subscription().subscriptionId, '/providers/Microsoft.Web/locations/', resourceGroup().location, '/managedApis/office365')]",
      },
      teams: { connectionId: '/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/connections/teams-irm', connectionName: 'teams-irm', id: '/subscriptions/s/providers/Microsoft.Web/locations/westeurope/managedApis/teams' },
    };
    const template = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { PlaybookName: { defaultValue: 'Notify-InsiderRiskTeam', type: 'string' } },
      resources: [
        { type: 'Microsoft.Web/connections', name: 'o365', properties: {} },
        { type: 'Microsoft.Logic/workflows', name: "[parameters('PlaybookName')]", properties: { definition: sampleDefinition(), parameters: { $connections: { value: connections } } } },
        { type: 'Microsoft.Logic/workflows', name: 'Second', properties: { definition: { $schema: SCHEMA, triggers: {}, actions: {} } } },
      ],
    };
    const flow = loadFlowFile('playbook.json', JSON.stringify(template));
    expect(flow.format).toBe('arm');
    expect(flow.name).toBe('Notify-InsiderRiskTeam');
    expect(flow.definition).toEqual(sampleDefinition());
    expect(flow.connectionReferences).toEqual({ office365: { api: 'shared_office365' }, teams: { api: 'shared_teams', connectionName: 'teams-irm' } });
    expect(flow.notes).toEqual(['the template holds 2 Microsoft.Logic/workflows resources; loaded the first (resources[1]), not resources[2]']);
  });

  it('reads a bare definition (our own templates) and names it after the file', () => {
    const flow = loadFlowFile('flows/templates/notify-manager.flow.json', JSON.stringify(sampleDefinition()));
    expect(flow).toEqual({ format: 'definition', name: 'notify-manager', definition: sampleDefinition(), connectionReferences: {}, notes: [] });
  });

  it('reads a definition wrapped as our template files and Logic Apps Standard workflow.json hold it', () => {
    const template = { id: 'notify-manager', name: 'Notify the manager when a user has an alert', description: 'e-mails the manager', definition: sampleDefinition() };
    expect(loadFlowFile('notify-manager.flow.json', JSON.stringify(template))).toEqual({
      format: 'definition',
      name: 'Notify the manager when a user has an alert',
      definition: sampleDefinition(),
      connectionReferences: {},
      notes: [],
    });
    const standard = loadFlowFile('Stateful1/workflow.json', JSON.stringify({ definition: sampleDefinition(), kind: 'Stateful' }));
    expect([standard.format, standard.name]).toEqual(['definition', 'workflow']);
    const wrongSchema = { name: 'x', definition: { ...sampleDefinition(), $schema: 'https://example.com/other.json' } };
    expect(onlyIssue(loadError('x.flow.json', JSON.stringify(wrongSchema))).field).toBe('definition.$schema');
  });

  it('accepts a leading byte order mark and a $schema without the trailing # or in other case', () => {
    const definition = { ...sampleDefinition(), $schema: SCHEMA.replace(/#$/, '').toUpperCase() };
    expect(loadFlowFile('x.json', `\uFEFF${JSON.stringify(definition)}`).format).toBe('definition');
  });
});

describe('loadFlowPackage', () => {
  it('finds Microsoft.Flow/flows/<id>/definition.json among the package files, whatever the separator', () => {
    const files = new Map([
      ['manifest.json', '{}'],
      ['Microsoft.Flow\\flows\\db9fb40c-0860-43b2-b6de-25ac08a28393\\apisMap.json', '{}'],
      ['Microsoft.Flow\\flows\\db9fb40c-0860-43b2-b6de-25ac08a28393\\definition.json', readFixture('Try-Catch-Finally--definition.json')],
    ]);
    const flow = loadFlowPackage(files);
    expect(flow.format).toBe('legacy-package');
    expect(flow.name).toBe('Pattern: Try-Catch-Finally');
  });

  it('loads the first flow of a package holding several and says so', () => {
    const files = new Map([
      ['pkg/Microsoft.Flow/flows/bbb/definition.json', readFixture('Try-Catch-Finally--definition.json')],
      ['pkg/Microsoft.Flow/flows/aaa/definition.json', readFixture('exception-handing-in-do-until-loop--definition.json')],
    ]);
    const flow = loadFlowPackage(files, 'patterns.zip');
    expect(flow.name).toBe("Pattern: Exception handing in 'Do until'-loop");
    expect(flow.notes).toEqual(['the package holds 2 flows; loaded pkg/Microsoft.Flow/flows/aaa/definition.json, not pkg/Microsoft.Flow/flows/bbb/definition.json']);
  });

  it('rejects a package without a flow definition, naming the package and what it holds', () => {
    const files = new Map([['manifest.json', '{}']]);
    expect(() => loadFlowPackage(files, 'export.zip')).toThrow(ValidationError);
    try {
      loadFlowPackage(files, 'export.zip');
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([
        { file: 'export.zip', field: '(root)', reason: 'expected an entry Microsoft.Flow/flows/<flow id>/definition.json; the package holds manifest.json' },
      ]);
    }
  });

  it('names the entry, not the package, when the definition inside is broken', () => {
    const entry = 'Microsoft.Flow/flows/abc/definition.json';
    try {
      loadFlowPackage(new Map([[entry, '{"properties": {"definition": []}}']]));
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]).toMatchObject({ file: entry, field: 'properties.definition' });
    }
  });
});

describe('loadFlowFile: what it rejects, and how it says so', () => {
  it('names the line, the column, the property being read and what JSON expected there', () => {
    const text = '{\n  "properties": {\n    "definition": {\n      "actions": {,}\n    }\n  }\n}';
    const issue = onlyIssue(loadError('broken.json', text));
    expect(issue).toEqual({
      file: 'broken.json',
      row: 4,
      field: 'properties.definition.actions',
      reason: 'not JSON at line 4, column 19: expected a property name in double quotes, found ","',
    });
  });

  it.each([
    ['a trailing comma in an array', '{"a": [1, 2,]}', 1, 13, 'a[2]', 'a JSON value (object, array, string, number, true, false or null)', '"]"'],
    ['a string that never ends', '{\n"a": "text\n', 2, 11, 'a', 'no control character inside a string (escape it, e.g. \\n)', '"\\n"'],
    ['text after the document', '{"a": 1}\n}', 2, 1, '(root)', 'the end of the input after the top-level value', '"}"'],
    ['an empty file', '', 1, 1, '(root)', 'a JSON value (object, array, string, number, true, false or null)', 'end of input'],
    ['single quotes', "{'a': 1}", 1, 2, '(root)', 'a property name in double quotes', '"\'"'],
  ])('reports %s with its position', (_what, text, line, column, field, expected, found) => {
    const issue = onlyIssue(loadError('f.json', text));
    expect(issue).toEqual({ file: 'f.json', row: line, field, reason: `not JSON at line ${line}, column ${column}: expected ${expected}, found ${found}` });
  });

  it('says which formats it tried when the JSON holds no definition', () => {
    const issue = onlyIssue(loadError('other.json', JSON.stringify({ name: 'x', properties: { displayName: 'y' } })));
    expect(issue.file).toBe('other.json');
    expect(issue.field).toBe('(root)');
    expect(issue.reason).toContain('expected a flow definition; tried a Power Automate export package (properties.definition');
    expect(issue.reason).toContain('a Dataverse solution (properties.definition with schemaVersion)');
    expect(issue.reason).toContain('a Logic Apps ARM template (resources[type=Microsoft.Logic/workflows].properties.definition)');
    expect(issue.reason).toContain('a bare definition ($schema, triggers, actions), alone or under a top-level definition');
  });


  it('rejects a JSON value that is not an object', () => {
    expect(onlyIssue(loadError('list.json', '[1]'))).toEqual({ file: 'list.json', field: '(root)', reason: 'expected a JSON object holding a flow definition; got an array' });
  });

  it('names the expected $schema and the one it found, at the path inside the container', () => {
    const legacy = { properties: { displayName: 'Old', definition: { ...sampleDefinition(), $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2015-08-01-preview/workflowdefinition.json#' } } };
    expect(onlyIssue(loadError('definition.json', JSON.stringify(legacy)))).toEqual({
      file: 'definition.json',
      field: 'properties.definition.$schema',
      reason: `expected the 2016-06-01 workflow definition schema "${SCHEMA}"; got "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2015-08-01-preview/workflowdefinition.json#"`,
    });
    const bare = { triggers: {}, actions: {} };
    expect(onlyIssue(loadError('bare.json', JSON.stringify(bare))).reason).toBe(`expected the 2016-06-01 workflow definition schema "${SCHEMA}"; got nothing`);
  });

  it('rejects triggers and actions that are not objects, one issue each', () => {
    const error = loadError('t.flow.json', JSON.stringify({ $schema: SCHEMA, triggers: [], actions: 'none' }));
    expect(error.issues).toEqual([
      { file: 't.flow.json', field: 'triggers', reason: 'expected an object of triggers keyed by name; got an array' },
      { file: 't.flow.json', field: 'actions', reason: 'expected an object of actions keyed by name; got "none"' },
    ]);
    expect(error.message).toBe('t.flow.json: triggers: expected an object of triggers keyed by name; got an array (and 1 more problem)');
  });

  it('enforces the 250-action limit counting nested actions, and the 10-trigger limit', () => {
    const inner = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`Compose_${i}`, { type: 'Compose', inputs: i }]));
    const atLimit = { $schema: SCHEMA, triggers: { manual: { type: 'Request' } }, actions: { Scope: { type: 'Scope', actions: Object.fromEntries(Object.entries(inner).slice(1)) } } };
    expect(loadFlowFile('ok.json', JSON.stringify(atLimit)).format).toBe('definition');

    const overActions = { $schema: SCHEMA, triggers: { manual: { type: 'Request' } }, actions: { Scope: { type: 'Scope', actions: inner } } };
    expect(onlyIssue(loadError('big.json', JSON.stringify(overActions)))).toEqual({
      file: 'big.json',
      field: 'actions',
      reason: 'expected at most 250 actions, nested ones included (workflow definition limit); got 251',
    });

    const triggers = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, { type: 'Request' }]));
    expect(onlyIssue(loadError('many.json', JSON.stringify({ $schema: SCHEMA, triggers, actions: {} })))).toEqual({
      file: 'many.json',
      field: 'triggers',
      reason: 'expected at most 10 triggers (workflow definition limit); got 11',
    });
  });

  it('rejects an ARM template without a workflow resource, naming the resource types it has', () => {
    const template = { resources: [{ type: 'Microsoft.Web/connections', name: 'c' }] };
    expect(onlyIssue(loadError('arm.json', JSON.stringify(template)))).toEqual({
      file: 'arm.json',
      field: 'resources',
      reason: 'expected a resource of type Microsoft.Logic/workflows; found Microsoft.Web/connections',
    });
  });

  it('rejects an ARM connection without its managed api id, at its path', () => {
    const template = {
      resources: [{ type: 'Microsoft.Logic/workflows', properties: { definition: sampleDefinition(), parameters: { $connections: { value: { office365: { connectionName: 'o' } } } } } }],
    };
    const issue = onlyIssue(loadError('arm.json', JSON.stringify(template)));
    expect(issue.file).toBe('arm.json');
    expect(issue.field).toBe('resources[0].properties.parameters.$connections.value.office365.id');
    expect(issue.reason).toMatch(/expected string/);
  });

  it('rejects a legacy connection reference without a connector id, and a solution one without api.name', () => {
    const legacy = { properties: { displayName: 'x', definition: sampleDefinition(), connectionReferences: { shared_teams: { connectionName: 'c', source: 'Embedded' } } } };
    expect(onlyIssue(loadError('definition.json', JSON.stringify(legacy)))).toEqual({
      file: 'definition.json',
      field: 'properties.connectionReferences.shared_teams.id',
      reason: 'expected the connector id, e.g. /providers/Microsoft.PowerApps/apis/shared_office365',
    });
    const solution = { schemaVersion: '1.0.0.0', properties: { definition: sampleDefinition(), connectionReferences: { shared_teams: { runtimeSource: 'embedded', api: {} } } } };
    const issue = onlyIssue(loadError('Workflows/X-1F5DBA85-7D32-EC11-B6E5-000D3A582A55.json', JSON.stringify(solution)));
    expect(issue.field).toBe('properties.connectionReferences.shared_teams.api.name');
    expect(issue.reason).toMatch(/expected string/);
  });

  it('rejects a container whose definition is not an object', () => {
    expect(onlyIssue(loadError('definition.json', JSON.stringify({ properties: { definition: 'x' } })))).toEqual({
      file: 'definition.json',
      field: 'properties.definition',
      reason: 'expected the workflow definition object; got "x"',
    });
  });
});

import { replyCard, replyText, tableRows } from '../../support/bot/replies';
import { createBotTestKit, PEOPLE } from '../../support/bot/test-services';

const SCHEMA = 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#';

/** A flow for a selected user whose one step fails with an error that names the user. */
const FAILING_FOR_USER = JSON.stringify({
  $schema: SCHEMA,
  triggers: { For_a_user: { type: 'Request', kind: 'ApiConnection', inputs: { host: { connection: { name: "@parameters('$connections')['shared_irm']['connectionId']" } }, operationId: 'OnIRMRiskyUserSelected' } } },
  actions: { Parse_the_user: { type: 'Compose', runAfter: {}, inputs: "@int(triggerBody()?['riskyUserId'])" } },
});

describe('flows commands', () => {
  it('list the templates as available, and installed flows with their state once enabled', async () => {
    const kit = await createBotTestKit();
    const before = tableRows(await kit.ask(PEOPLE.admins, 'flows list'));
    expect(before.map((r) => [r[0], r[3]])).toEqual([
      ['notify-user-added-to-policy', 'Available'],
      ['request-hr-information', 'Available'],
      ['notify-manager-on-alert', 'Available'],
      ['servicenow-record-for-case', 'Available'],
      ['case-review-reminder', 'Available'],
    ]);
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows enable request-hr-information'))).toContain('needs values for hrRecipients');
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows enable request-hr-information hrRecipients=hr@contoso.com;people@contoso.com'))).toContain('It starts manually for a selected case');
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows enable request-hr-information nosuch=1'))).toContain("no parameter 'nosuch': expected one of hrRecipients, responseOptions");
    const after = tableRows(await kit.ask(PEOPLE.admins, 'flows list'));
    expect(after.find((r) => r[0] === 'request-hr-information')?.[3]).toBe('Enabled');
    const shown = JSON.stringify(replyCard(await kit.ask(PEOPLE.admins, 'flows show request-hr-information')));
    expect(shown).toContain('hr@contoso.com;people@contoso.com — HR or business contacts');
    expect(shown).toContain('runnable here');
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows disable request-hr-information'))).toBe('Flow request-hr-information is disabled.');
    const audited = (await kit.audit({ category: 'Flows' })).map((e) => e.activity);
    expect(audited).toEqual(['Disabled flow', 'Installed and enabled flow']);
  });

  it('import refuses what is not a flow, naming what was expected', async () => {
    const kit = await createBotTestKit();
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows import hello'))).toContain("paste the flow's JSON after the command");
    const reply = replyText(await kit.ask(PEOPLE.admins, 'flows import {"triggers": {}, "actions": {}, "$schema": "https://example.com/other.json"}'));
    expect(reply).toContain('$schema');
    expect(reply).toContain('2016-06-01');
  });

  it('run history shows pseudonyms, not the addresses a run error names', async () => {
    const kit = await createBotTestKit();
    const flows = kit.services.flows!;
    expect(replyCard(await kit.ask(PEOPLE.admins, `flows import ${FAILING_FOR_USER}`))).toBeDefined();
    expect(replyText(await kit.ask(PEOPLE.admins, 'flows enable chat-message'))).toContain('enabled');
    const started = replyText(await kit.ask(PEOPLE.investigators, 'flows run chat-message --user ada.lovelace@contoso.com'));
    const runId = /run (R-[0-9A-F]{20})/.exec(started)?.[1] ?? '';
    expect(runId).not.toBe('');
    await flows.drain();
    expect((await flows.getRun(runId))?.status).toBe('Failed');
    const steps = JSON.stringify(replyCard(await kit.ask(PEOPLE.investigators, `flows run ${runId}`)));
    expect(steps).toContain('Parse_the_user');
    expect(steps).not.toContain('ada.lovelace@contoso.com');
    expect(steps).toContain(kit.services.pseudonymizer.pseudonym('ada.lovelace@contoso.com'));
    const runs = tableRows(await kit.ask(PEOPLE.investigators, 'flows runs chat-message'));
    expect(runs[0][0]).toBe(runId);
    expect(runs[0][1]).toBe('Failed');
    expect(runs[0].join(' ')).not.toContain('ada.lovelace@contoso.com');
  });
});

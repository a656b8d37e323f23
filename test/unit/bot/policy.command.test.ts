import { alertsCollection } from '../../../core/persistence/collections';
import { listPolicies } from '../../../core/policies/policy.repository';
import { cardTexts, replyCard, replyText, tableHeaders, tableRows } from '../../support/bot/replies';
import { cardProblems } from '../../support/cards/validate-card';
import { type BotTestKit, createBotTestKit, PEOPLE } from '../../support/bot/test-services';

const DEFAULT_POLICIES = ['Data leaks', 'Data leaks (exfiltration activity)', 'Data leaks by risky users', 'Data theft by departing users', 'Security policy violations'];

describe('policy', () => {
  let kit: BotTestKit;
  const admin = PEOPLE.irm;
  const ask = (text: string) => kit.ask(admin, text);
  const policyNames = async () => (await kit.store.transaction((tx) => listPolicies(tx))).map((p) => p.value.name).sort();

  beforeEach(async () => {
    kit = await createBotTestKit();
  });

  it('list: the default policies with template, enabled, indicator count and health', async () => {
    const reply = await ask('policy list');
    expect(tableHeaders(reply)).toEqual(['Policy', 'Template', 'Enabled', 'Indicators', 'Health']);
    const rows = tableRows(reply);
    expect(rows.map((r) => r[0]).sort()).toEqual(DEFAULT_POLICIES);
    // No HR data has been imported: the departing-user policy cannot fire, which its health says.
    expect(rows.find((r) => r[0] === 'Data theft by departing users')).toEqual(['Data theft by departing users', 'IntellectualPropertyTheft', 'yes', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+ warnings?/)]);
    expect(cardProblems(replyCard(reply))).toEqual([]);
  });

  it('show: everything about one policy, with its health findings', async () => {
    const rows = tableRows(await ask('policy show data LEAKS'));
    const field = (name: string) => rows.find((r) => r[0] === name)?.[1];
    expect(field('Template')).toBe('LeakOfInformation (Data leaks)');
    expect(field('Enabled')).toBe('yes');
    expect(field('Users')).toBe('all users');
    expect(field('Trigger')).toBe('DLP alert from any DLP policy');
    const indicators = rows.findIndex((r) => r[0].startsWith('Indicators ('));
    const count = Number(/\((\d+)\)/.exec(rows[indicators][0])?.[1]);
    // A long list continues on unlabelled rows, so every indicator is shown and no cell is cut.
    const next = rows.findIndex((r, i) => i > indicators && r[0].trim() !== '');
    const listed = rows.slice(indicators, next).map((r) => r[1]).join(' ').split(/,\s*/).filter((id) => id !== '');
    expect(next - indicators).toBeGreaterThan(1);
    expect(listed).toHaveLength(count);
    expect(listed).toContain('SpoDownload');
    expect(rows.every((r) => !r[1].endsWith('…'))).toBe(true);
    expect(field('Thresholds')).toBe('the indicators’ defaults');
    expect(field('Sequence detection')).toBe('yes');
    expect(field('Health')).toBe('warnings');
    expect(rows).toContainEqual(['⚠️ warning', expect.stringMatching(/^DLP policy isn't selected as the triggering event.*\(dlp\.policy-not-selected\)$/)]);
    const missing = replyText(await ask('policy show Data leak'));
    expect(missing).toMatch(/^⚠️ no policy named "Data leak"; did you mean "Data leaks"\? \(existing policies: "Data leaks", /u);
  });

  it('create: JSON typed or pasted (code block, typographic quotes, Teams HTML), one audited unit of work', async () => {
    const pasted = '```json\n{\u201cname\u201d: \u201cLeaks to competitors\u201d, \u201ctemplate\u201d: \u201cLeakOfInformation\u201d, \u201cindicators\u201d: [\u201cSpoDownload\u201d, \u201cCopyToUSB\u201d], \u201ctrigger\u201d: {\u201ctype\u201d: \u201cdlp-alert\u201d, \u201cdlpPolicy\u201d: \u201cCompetitors\u201d}}\n```';
    expect(replyText(await ask(`policy create ${pasted}`))).toBe(
      'Created policy **Leaks to competitors** (id leaks-to-competitors, template LeakOfInformation, 2 indicators). Health: healthy.',
    );
    const html = '<p>policy create</p><pre><code>{&quot;name&quot;: &quot;Bob&#39;s R&amp;D watch&quot;, &quot;template&quot;: &quot;IntellectualPropertyTheft&quot;, &quot;description&quot;: &quot;Bob\'s team&quot;}</code></pre>';
    expect(replyText(await kit.ask(admin, html, 'channel'))).toMatch(/^Created policy \*\*Bob's R&D watch\*\* \(id bob-s-r-d-watch, template IntellectualPropertyTheft, \d+ indicators\)\. Health: /);
    // A client that wraps a long line inside a string value breaks the JSON; the break becomes a space.
    expect(replyText(await ask('policy create {"name": "Wrapped", "template": "IntellectualPropertyTheft", "description": "a long\nline"}'))).toMatch(/^Created policy \*\*Wrapped\*\*/);
    expect((await kit.store.transaction((tx) => listPolicies(tx))).find((p) => p.value.name === 'Wrapped')?.value.description).toBe('a long line');
    expect(await policyNames()).toEqual([...DEFAULT_POLICIES, "Bob's R&D watch", 'Leaks to competitors', 'Wrapped'].sort());
    const [, bob, leaks] = await kit.audit({ category: 'Policies' });
    expect(leaks).toMatchObject({
      activity: 'Created policy',
      actor: { id: admin.aadObjectId, name: admin.name },
      target: 'leaks-to-competitors',
      details: { name: 'Leaks to competitors', template: 'LeakOfInformation', enabled: true, indicators: ['SpoDownload', 'CopyToUSB'] },
    });
    expect(bob).toMatchObject({ target: 'bob-s-r-d-watch', details: { name: "Bob's R&D watch" } });
    const created = (await kit.store.transaction((tx) => listPolicies(tx))).find((p) => p.value.id === 'leaks-to-competitors')?.value;
    expect(created).toMatchObject({ createdBy: admin.name, trigger: { type: 'dlp-alert', dlpPolicy: 'Competitors' } });
  });

  it('create: every problem at once, with the closest names; nothing stored or audited', async () => {
    await ask('policy list');
    const replies = [
      await ask('policy create {"name": "Data leaks", "template": "LeakOfInformaton", "indicator": ["SpoDownload"]}'),
      await ask('policy create {"name": "X", "template": "LeakOfInformation", "indicators": ["SpoDownlod"]}'),
      await ask('policy create {"name": "X", "template": '),
      await ask('policy create'),
      await ask('policy create `[1, 2]`'),
    ].map(replyText);
    expect(replies[0]).toContain('⚠️ the policy has 3 problems: indicator: unknown field; did you mean "indicators"?; name: a policy named "Data leaks" already exists; policy names are unique; template: expected one of');
    expect(replies[0]).toContain('got "LeakOfInformaton" (did you mean LeakOfInformation?)');
    expect(replies[0]).toContain('Usage: `policy create {"name": "…", "template": "…", …}');
    expect(replies[1]).toContain('indicators[0]: unknown indicator "SpoDownlod"; did you mean "SpoDownload"?');
    expect(replies[2]).toMatch(/^⚠️ the pasted policy is not valid JSON: /u);
    expect(replies[3]).toContain(`⚠️ paste the policy's JSON after 'policy create', for example: policy create {"name": "Departing R&D", "template": "IntellectualPropertyTheft"}`);
    expect(replies[4]).toContain('the policy has 1 problem: expected a JSON object with the fields name, template');
    expect(await policyNames()).toEqual(DEFAULT_POLICIES);
    expect(await kit.audit({ category: 'Policies' })).toEqual([]);
  });

  it('delete: the policy goes, its alerts stay; audited; an unknown name gets the closest', async () => {
    const alertRef = await kit.seedAlert({ policyId: 'data-leaks', policyName: 'Data leaks' });
    expect(alertRef).toMatch(/^A-/);
    expect(replyText(await ask('policy delete data leaks'))).toBe('Deleted policy **Data leaks** (id data-leaks); its alerts and cases are kept.');
    expect(await policyNames()).toEqual(DEFAULT_POLICIES.filter((n) => n !== 'Data leaks'));
    expect(await kit.store.transaction((tx) => tx.documents(alertsCollection).count({ where: { policyId: 'data-leaks' } }))).toBe(1);
    const [entry] = await kit.audit({ category: 'Policies' });
    expect(entry).toMatchObject({ activity: 'Deleted policy', actor: { id: admin.aadObjectId }, target: 'data-leaks', details: { name: 'Data leaks', template: 'LeakOfInformation', version: 1 } });
    const missing = replyText(await ask('policy delete Data leaks by riskyusers'));
    expect(missing).toContain('⚠️ no policy named "Data leaks by riskyusers"; did you mean "Data leaks by risky users"?');
    expect(replyText(await ask('policy delete'))).toContain("policy delete needs the policy's name (see 'policy list')");
    expect((await kit.audit({ category: 'Policies' })).length).toBe(1);
    expect(cardTexts(await ask('policy list'))[1]).toBe('4 policies');
  });
});

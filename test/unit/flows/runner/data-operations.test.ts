import { createHarness, definition } from './runner-harness';

// Compose, ParseJson, Query, Select, Join, Table and Response.

const people = [
  { name: 'Ada', dept: 'R&D', score: 91 },
  { name: 'Bob, Jr.', dept: 'Sales', score: 40 },
  { name: 'Eve "E"', dept: 'R&D', score: 75 },
];

async function outputsOf(actions: Record<string, Record<string, unknown>>, body: unknown = { people }): Promise<Map<string, unknown>> {
  const h = createHarness();
  await h.run(definition(actions), { triggerOutputs: { body } });
  const steps = await h.steps();
  return new Map([...steps].map(([path, s]) => [path, s.status === 'Succeeded' ? s.outputs : { failed: s.error }]));
}

describe('Compose', () => {
  it('keeps the JSON type of a whole expression and makes text of an interpolation; body() is the value too', async () => {
    const out = await outputsOf({
      Value: { type: 'Compose', inputs: { count: "@length(triggerBody()?['people'])", text: "@{length(triggerBody()?['people'])} people", literal: 'plain', at: '@@home' } },
      ViaBody: { type: 'Compose', runAfter: { Value: ['Succeeded'] }, inputs: "@body('Value')?['count']" },
      ViaOutputs: { type: 'Compose', runAfter: { ViaBody: ['Succeeded'] }, inputs: "@outputs('Value')['text']" },
    });
    expect(out.get('Value')).toEqual({ count: 3, text: '3 people', literal: 'plain', at: '@home' });
    expect(out.get('ViaBody')).toBe(3);
    expect(out.get('ViaOutputs')).toBe('3 people');
  });
});

describe('ParseJson', () => {
  const schema = { type: 'object', properties: { id: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } }, required: ['id'] };

  it('parses JSON text and checks it against the schema', async () => {
    const out = await outputsOf({
      Parse: { type: 'ParseJson', inputs: { content: '{"id": 4, "tags": ["a"]}', schema } },
      Id: { type: 'Compose', runAfter: { Parse: ['Succeeded'] }, inputs: "@body('Parse')?['id']" },
    });
    expect(out.get('Parse')).toEqual({ body: { id: 4, tags: ['a'] } });
    expect(out.get('Id')).toBe(4);
  });

  it('accepts already-parsed content', async () => {
    const out = await outputsOf({ Parse: { type: 'ParseJson', inputs: { content: "@triggerBody()", schema: { type: 'object' } } } }, { id: 1 });
    expect(out.get('Parse')).toEqual({ body: { id: 1 } });
  });

  it.each([
    ['text that is not JSON', '{id: 4', 'InvalidJSON', 'not valid JSON'],
    ['a missing required property', '{"tags": []}', 'ValidationFailed', "required property 'id'"],
    ['a property of the wrong type', '{"id": "four"}', 'ValidationFailed', '$.id: expected integer; got string'],
    ['an array item of the wrong type', '{"id": 1, "tags": ["a", 2]}', 'ValidationFailed', '$.tags[1]: expected string'],
  ])('fails on %s, naming the path', async (_what, content, code, message) => {
    const out = await outputsOf({ Parse: { type: 'ParseJson', inputs: { content, schema } } });
    expect(out.get('Parse')).toEqual({ failed: { code, message: expect.stringContaining(message) } });
  });
});

describe('Query, Select, Join', () => {
  it('filters with item() per element', async () => {
    const out = await outputsOf({ High: { type: 'Query', inputs: { from: "@triggerBody()?['people']", where: "@greater(item()?['score'], 70)" } } });
    expect(out.get('High')).toEqual({ body: [people[0], people[2]] });
  });

  it('filters with the object form too', async () => {
    const out = await outputsOf({ RnD: { type: 'Query', inputs: { from: "@triggerBody()?['people']", where: { equals: ["@item()?['dept']", 'R&D'] } } } });
    expect((out.get('RnD') as { body: unknown[] }).body).toHaveLength(2);
  });

  it('maps with an object of templates or a single expression', async () => {
    const out = await outputsOf({
      Shape: { type: 'Select', inputs: { from: "@triggerBody()?['people']", select: { who: "@item()?['name']", line: "@{item()?['name']} (@{item()?['dept']})" } } },
      Names: { type: 'Select', inputs: { from: "@triggerBody()?['people']", select: "@toUpper(item()?['name'])" } },
    });
    expect(out.get('Shape')).toEqual({ body: people.map((p) => ({ who: p.name, line: `${p.name} (${p.dept})` })) });
    expect(out.get('Names')).toEqual({ body: ['ADA', 'BOB, JR.', 'EVE "E"'] });
  });

  it('joins items, writing objects as JSON', async () => {
    const out = await outputsOf({
      Names: { type: 'Select', inputs: { from: "@triggerBody()?['people']", select: "@item()?['name']" } },
      Joined: { type: 'Join', runAfter: { Names: ['Succeeded'] }, inputs: { from: "@body('Names')", joinWith: '; ' } },
      Mixed: { type: 'Join', inputs: { from: ['a', 1, null, { b: 2 }], joinWith: '|' } },
    });
    expect(out.get('Joined')).toEqual({ body: 'Ada; Bob, Jr.; Eve "E"' });
    expect(out.get('Mixed')).toEqual({ body: 'a|1||{"b":2}' });
  });

  it('fails when from is not an array', async () => {
    const out = await outputsOf({ Bad: { type: 'Query', inputs: { from: "@triggerBody()?['people']?[0]", where: '@true' } } });
    expect(out.get('Bad')).toEqual({ failed: { code: 'InvalidInputs', message: expect.stringContaining('inputs.from to be an array') } });
  });
});

describe('Table', () => {
  it('makes CSV from the items, headers from their properties, quoting as RFC 4180 does', async () => {
    const out = await outputsOf({ Csv: { type: 'Table', inputs: { from: "@triggerBody()?['people']", format: 'CSV' } } });
    expect(out.get('Csv')).toEqual({ body: 'name,dept,score\r\nAda,R&D,91\r\n"Bob, Jr.",Sales,40\r\n"Eve ""E""",R&D,75' });
  });

  it('makes HTML with chosen columns evaluated per item, escaped', async () => {
    const out = await outputsOf({
      Html: {
        type: 'Table',
        inputs: { from: "@triggerBody()?['people']", format: 'HTML', columns: [{ header: 'Who', value: "@item()?['name']" }, { header: 'Pass', value: "@greater(item()?['score'], 50)" }] },
      },
    });
    expect(out.get('Html')).toEqual({
      body:
        '<table><thead><tr><th>Who</th><th>Pass</th></tr></thead><tbody>' +
        '<tr><td>Ada</td><td>true</td></tr><tr><td>Bob, Jr.</td><td>false</td></tr><tr><td>Eve &quot;E&quot;</td><td>true</td></tr></tbody></table>',
    });
  });
});

describe('Response', () => {
  it('records the response it would give', async () => {
    const out = await outputsOf({ Reply: { type: 'Response', inputs: { statusCode: 202, body: { accepted: "@length(triggerBody()?['people'])" } } } });
    expect(out.get('Reply')).toEqual({ statusCode: 202, headers: {}, body: { accepted: 3 } });
  });
});

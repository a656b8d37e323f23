import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPolicy } from '../../../core/policies/create-policy';
import { HEALTH_CODES } from '../../../core/policies/policy-health';
import { POLICY_TEMPLATES } from '../../../core/policies/policy-templates';
import { contextFor } from './policy-test-kit';

const docs = readFileSync(join(__dirname, '../../../docs/settings-and-policies.md'), 'utf8');
const section = (heading: string) => docs.split(`\n## ${heading}\n`)[1].split('\n## ')[0];

describe('docs/settings-and-policies.md', () => {
  it('shows policy JSON examples that createPolicy accepts', () => {
    const examples = [...section('Policies').matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
    expect(examples).toHaveLength(2);
    const [theft, leaks] = examples.map((e) => createPolicy(e, contextFor()));
    expect(theft).toMatchObject({ id: 'departing-r-d-engineers', priorityContent: { fileExtensions: ['dwg', 'step', 'cad'] }, thresholds: { SpoDownload: [10, 20, 30] } });
    expect(leaks.trigger).toEqual({ type: 'dlp-alert', dlpPolicy: 'Exfiltration to competitors' });
  });

  it('lists every template with its id and in-scope user limit', () => {
    const rows = section('Policy templates')
      .split('\n')
      .filter((line) => /^\| .* \| `[A-Za-z]+` \|/.test(line))
      .map((line) => line.slice(1, -1).split(' | ').map((c) => c.trim()));
    expect(rows.map((r) => [r[0], r[1].replace(/`/g, ''), r[6]])).toEqual(
      POLICY_TEMPLATES.map((t) => [t.displayName, t.id, t.maxInScopeUsers.toLocaleString('en-US')]),
    );
  });

  it('lists every health code', () => {
    const codes = [...section('Policy health').matchAll(/^\| `([a-z.-]+)` \|/gm)].map((m) => m[1]);
    expect(codes).toEqual([...HEALTH_CODES]);
  });
});

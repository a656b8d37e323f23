import fs from 'node:fs';
import path from 'node:path';
import { chatCommands } from '../../../bot/commands';
import { commandsTable } from '../../support/docs/commands-table';

const DOC = path.resolve(__dirname, '../../../docs/teams-bot.md');

describe('docs/teams-bot.md', () => {
  it('lists every chat command with its usage, summary and permission, exactly as the registry has them', () => {
    const table = commandsTable(chatCommands({ postBacklog: () => Promise.resolve(0), publicUrl: () => 'https://irm.contoso.com' }));
    // Regenerate with: node -r ./test/support/register-ts.cjs test/support/docs/write-commands-table.ts
    expect(fs.readFileSync(DOC, 'utf8')).toContain(table);
  });
});

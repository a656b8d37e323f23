// Rewrites the commands table in docs/teams-bot.md from the command registry.
import fs from 'node:fs';
import path from 'node:path';
import { chatCommands } from '../../../bot/commands';
import { commandsTable } from './commands-table';

const file = path.resolve(__dirname, '../../../docs/teams-bot.md');
const doc = fs.readFileSync(file, 'utf8');
const table = commandsTable(chatCommands({ postBacklog: () => Promise.resolve(0), publicUrl: () => '' }));
const start = doc.indexOf('| command | what it does | permission |');
const next = start < 0 ? -1 : doc.indexOf('\n\n', start);
const updated = start < 0 ? doc.replace('COMMANDS-TABLE', table) : `${doc.slice(0, start)}${table}${next < 0 ? '\n' : doc.slice(next)}`;
fs.writeFileSync(file, updated);
console.log(`wrote ${table.split('\n').length - 2} commands into ${path.relative(process.cwd(), file)}`);

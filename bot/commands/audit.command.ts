import { randomBytes } from 'node:crypto';
import { tableCard } from '../../cards/table/table.card';
import { formatUtc } from '../../cards/common/format';
import { AUDIT_CATEGORIES } from '../../core/audit/audit-entry';
import { AUDIT_RETENTION_DAYS, listAudit, verifyAuditChain } from '../../core/audit/audit-log';
import { createAuditExport, EXPORT_LINK_MINUTES } from '../../core/audit/audit-exports';
import { ValidationError } from '../../core/errors';
import type { ChatCommand } from './chat-command';
import type { ParsedArguments } from './command-text';
import { choice, textOption } from './alert-filters';

const FILTERS = ['category', 'actor', 'from', 'to'] as const;

function filtersOf(args: ParsedArguments): { category?: (typeof AUDIT_CATEGORIES)[number]; actorId?: string; from?: string; to?: string } {
  const category = choice(args.options.get('category'), AUDIT_CATEGORIES, 'category');
  const actorId = textOption(args.options.get('actor'), 'actor')?.toLowerCase();
  const from = textOption(args.options.get('from'), 'from');
  const to = textOption(args.options.get('to'), 'to');
  return { ...(category === undefined ? {} : { category }), ...(actorId === undefined ? {} : { actorId }), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

async function chainLine(context: Parameters<ChatCommand['run']>[0]): Promise<string> {
  const report = await context.services.store.transaction((tx) => verifyAuditChain(tx, context.services.hasher));
  if (!report.intact) return `⚠️ The audit log is BROKEN at entry ${report.problem?.sequence ?? '?'}: ${report.problem?.reason ?? 'unknown problem'}.`;
  return `The audit log is intact: ${report.entries} entr${report.entries === 1 ? 'y' : 'ies'}${report.firstSequence === undefined ? '' : ` (${report.firstSequence}–${report.lastSequence ?? report.firstSequence})`}, kept ${AUDIT_RETENTION_DAYS} days.`;
}

/** `audit [--category …] [--actor <object id>] [--from …] [--to …] [--limit N]`. */
export const auditListCommand: ChatCommand = {
  name: 'audit',
  usage: `audit [--category ${AUDIT_CATEGORIES.map((c) => (c.includes(' ') ? `"${c}"` : c)).join('|')}] [--actor <object id>] [--from 2026-03-01] [--to …] [--limit 25]`,
  summary: 'the insider-risk audit log, newest first, and whether its hash chain is intact',
  permission: 'viewAuditLog',
  options: [...FILTERS, 'limit'],
  async run(context, args) {
    const limitText = textOption(args.options.get('limit'), 'limit');
    const limit = limitText === undefined ? 25 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError(`--limit: expected 1 to 100; got '${limitText}'`, [{ field: '--limit', reason: 'expected 1 to 100' }]);
    const entries = await context.services.store.transaction((tx) => listAudit(tx, { ...filtersOf(args), limit }));
    return {
      card: tableCard({
        title: 'Audit log',
        subtitle: await chainLine(context),
        headers: ['#', 'Date', 'Category', 'Activity', 'By', 'Target'],
        widths: [1, 3, 2, 3, 3, 3],
        rows: entries.map((e) => [String(e.sequence), formatUtc(e.time), e.category, e.activity, e.actor.name ?? e.actor.id, e.target ?? '']),
        emptyText: 'No entries match.',
        footer: "Export everything as CSV with 'audit export'.",
      }),
    };
  },
};

/** `audit verify`: recomputes every hash of the chain. */
export const auditVerifyCommand: ChatCommand = {
  name: 'audit verify',
  usage: 'audit verify',
  summary: 'check that no audit entry was changed, removed or reordered',
  permission: 'viewAuditLog',
  async run(context) {
    return { text: await chainLine(context) };
  },
};

export interface AuditExportOptions {
  /** Where the server is reachable by the people who click the link (IRM_PUBLIC_URL; known once listening). */
  readonly publicUrl: () => string;
}

/** `audit export [--category …] [--from …] [--to …]`: a one-time CSV download link. */
export function auditExportCommand(options: AuditExportOptions): ChatCommand {
  return {
    name: 'audit export',
    usage: 'audit export [--category …] [--from …] [--to …]',
    summary: `export the audit log as CSV (a download link valid ${EXPORT_LINK_MINUTES} minutes, once)`,
    permission: 'viewAuditLog',
    options: ['category', 'from', 'to'],
    async run(context, args) {
      const { services, caller } = context;
      const { actorId: _ignored, ...filters } = filtersOf(args);
      const token = randomBytes(32).toString('base64url');
      const now = services.clock.now();
      await services.store.transaction(async (tx) => {
        await createAuditExport(tx, {
          token,
          kind: 'audit',
          requestedBy: caller,
          requestedAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + EXPORT_LINK_MINUTES * 60_000).toISOString(),
          filters,
        });
      });
      const url = `${options.publicUrl().replace(/\/+$/, '')}/api/downloads/${token}`;
      return { text: `Your audit log export (CSV) is ready: [download](${url}). The link works once, for ${EXPORT_LINK_MINUTES} minutes.` };
    },
  };
}

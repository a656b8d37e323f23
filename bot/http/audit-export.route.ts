import type { Request, Response, Server } from 'restify';
import { auditCsvHeader, auditCsvRows } from '../../core/audit/audit-csv';
import { claimAuditExport } from '../../core/audit/audit-exports';
import { readAuditPage } from '../../core/audit/audit-log';
import { NotFoundError } from '../../core/errors';
import type { BotServices } from '../bot-services';

/**
 * `GET /api/audit/export/:token`: the CSV an auditor asked for with `audit export`. The token
 * authenticates the request (one use, ten minutes); the download itself is audited.
 */
export function registerAuditExportRoute(server: Server, services: BotServices): void {
  server.get('/api/audit/export/:token', (req: Request, res: Response, next) => {
    const raw: unknown = (req.params as Record<string, unknown>).token;
    const token = typeof raw === 'string' ? raw : '';
    const run = async (): Promise<void> => {
      const now = services.clock.now();
      const claimed = await services.store.transaction(async (tx) => {
        const exported = await claimAuditExport(tx, token, now);
        await services.audit(tx, { category: 'Settings', activity: 'Exported audit log', actor: exported.requestedBy, target: 'audit-log', details: { ...exported.filters } });
        return exported;
      });
      const { category, from, to } = claimed.filters;
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="irm-audit-${now.toISOString().slice(0, 10)}.csv"`,
        'Cache-Control': 'no-store',
      });
      res.write(auditCsvHeader());
      let after = 0;
      for (;;) {
        const page = await services.store.transaction((tx) => readAuditPage(tx, after, 1000));
        if (page.length === 0) break;
        const wanted = page.filter((e) => (category === undefined || e.category === category) && (from === undefined || e.time >= new Date(from).toISOString()) && (to === undefined || e.time < new Date(to).toISOString()));
        if (wanted.length > 0) res.write(auditCsvRows(wanted));
        after = page[page.length - 1].sequence;
      }
      res.end();
    };
    run().then(
      () => next(),
      (error: unknown) => {
        if (error instanceof NotFoundError) res.send(404, { error: { code: error.code, message: error.message } });
        else {
          services.log(`audit export failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          if (!res.headersSent) res.send(500, { error: { code: 'unexpected', message: 'the export failed; see the server log' } });
          else res.end();
        }
        next();
      },
    );
  });
}

import type { Request, Response, Server } from 'restify';
import { auditCsvHeader, auditCsvRows } from '../../core/audit/audit-csv';
import { type AuditExport, claimAuditExport } from '../../core/audit/audit-exports';
import { readAuditPage } from '../../core/audit/audit-log';
import { buildEvidencePackage } from '../../core/cases/evidence-package';
import { getCase } from '../../core/cases/case.repository';
import { NotFoundError } from '../../core/errors';
import { resolveReference } from '../../core/persistence/references';
import type { BotServices } from '../bot-services';

/** Writes a zip archive of named files (the composition root supplies the encoder). */
export type ZipEncoder = (entries: readonly { readonly name: string; readonly data: Uint8Array }[]) => Buffer;

/**
 * `GET /api/downloads/:token`: what `audit export` or `case escalate` prepared. The token
 * authenticates the request (one use, ten minutes); every download is audited.
 */
export function registerDownloadsRoute(server: Server, services: BotServices, zip: ZipEncoder): void {
  server.get('/api/downloads/:token', (req: Request, res: Response, next) => {
    const raw: unknown = (req.params as Record<string, unknown>).token;
    const token = typeof raw === 'string' ? raw : '';
    const run = async (): Promise<void> => {
      const now = services.clock.now();
      const claimed = await services.store.transaction(async (tx) => {
        const download = await claimAuditExport(tx, token, now);
        await services.audit(tx, {
          category: download.kind === 'evidence' ? 'Cases' : 'Settings',
          activity: download.kind === 'evidence' ? 'Exported case evidence' : 'Exported audit log',
          actor: download.requestedBy,
          target: download.caseId ?? 'audit-log',
          details: { ...download.filters },
        });
        return download;
      });
      if (claimed.kind === 'evidence') await sendEvidence(claimed, now);
      else await sendAudit(claimed, now);
    };

    const sendAudit = async (claimed: AuditExport, now: Date): Promise<void> => {
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

    const sendEvidence = async (claimed: AuditExport, now: Date): Promise<void> => {
      const caseId = claimed.caseId ?? '';
      const evidence = await services.store.transaction(async (tx) => {
        const ref = await resolveReference(tx, caseId, 'case');
        const current = await getCase(tx, ref.userId, ref.id);
        return buildEvidencePackage(tx, services.hasher, {
          case: current.value,
          alertRefOf: (alertId) => services.pseudonymizer.reference('alert', alertId),
          by: claimed.requestedBy.name ?? claimed.requestedBy.id,
          now: now.toISOString(),
        });
      });
      const encoder = new TextEncoder();
      const body = zip(evidence.files.map((f) => ({ name: `${caseId}/${f.name}`, data: encoder.encode(f.text) })));
      res.writeHead(200, {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${caseId}-evidence-${now.toISOString().slice(0, 10)}.zip"`,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    };

    run().then(
      () => next(),
      (error: unknown) => {
        if (error instanceof NotFoundError) res.send(404, { error: { code: error.code, message: error.message } });
        else {
          services.log(`download failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          if (!res.headersSent) res.send(500, { error: { code: 'unexpected', message: 'the download failed; see the server log' } });
          else res.end();
        }
        next();
      },
    );
  });
}

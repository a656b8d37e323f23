// The server's entry point and composition root: the one file in bot/ allowed to reach infra/.
import { loadConfig } from '../infra/config';
import { registerIngestRoutes } from '../infra/connectors/http/ingest.routes';
import { createContainer } from '../infra/container';
import { resolveIngestKey } from '../infra/ingest-key';
import { prepareScoring } from '../core/scoring/engine/prepare-scoring';
import { createHttpServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const container = await createContainer(config);
  await prepareScoring(container.store, container.clock.now());
  const ingestKey = resolveIngestKey(config.ingestKey, config.dataDir);
  const server = createHttpServer();
  const log = (line: string): void => console.error(line);
  registerIngestRoutes(server, {
    store: container.store,
    clock: container.clock,
    internalDomains: config.internalDomains,
    ingestKey: ingestKey.key,
    maxUploadBytes: config.maxUploadBytes,
    log,
  });
  await new Promise<void>((resolve) => {
    server.listen(config.port, config.host, () => resolve());
  });
  const where = config.store.kind === 'sqlite' ? `SQLite at ${config.store.path}` : `Cosmos DB database ${config.store.databaseId}`;
  console.log(`teams-insider-risk listening on http://${config.host}:${config.port} (store: ${where})`);
  console.log(`ingestion key: ${ingestKey.source === 'IRM_INGEST_KEY' ? 'from IRM_INGEST_KEY' : `in ${ingestKey.source}`}`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close(() => {
      container.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

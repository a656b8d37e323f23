import * as restify from 'restify';

/**
 * The HTTP server every surface mounts on. Bodies are read by each route itself (ingestion
 * streams large uploads with its own limit), so no global body parser is installed.
 */
export function createHttpServer(): restify.Server {
  const server = restify.createServer({ name: 'teams-insider-risk', handleUncaughtExceptions: false });
  server.pre(restify.plugins.pre.dedupeSlashes());
  return server;
}

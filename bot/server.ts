import type { Socket } from 'node:net';
import * as restify from 'restify';

/**
 * The HTTP server every surface mounts on. Bodies are read by each route itself (ingestion
 * streams large uploads with its own limit), so no global body parser is installed.
 */
export function createHttpServer(log: (line: string) => void = () => undefined): restify.Server {
  const server = restify.createServer({ name: 'teams-insider-risk', handleUncaughtExceptions: false });
  server.pre(restify.plugins.pre.dedupeSlashes());
  // Node drops a connection whose request it cannot parse; say why instead of a silent reset.
  server.server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    log(`http: dropped a client connection: ${error.code ?? ''} ${error.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return server;
}

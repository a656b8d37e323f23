import type { CloudAdapter } from 'botbuilder';
import * as restify from 'restify';
import type { IrmBot } from '../irm-bot';

/** Teams activities are small (a card invoke is a few KB); 1 MB leaves room and bounds memory. */
const MAX_ACTIVITY_BYTES = 1024 * 1024;

/**
 * `POST /api/messages`: the Bot Framework endpoint. CloudAdapter validates the caller's token
 * when the bot has an app id (401 otherwise) and turns the request into a turn for the bot.
 */
export function registerMessagesRoute(server: restify.Server, adapter: CloudAdapter, bot: IrmBot, log: (line: string) => void): void {
  server.post(
    '/api/messages',
    ...restify.plugins.bodyParser({ maxBodySize: MAX_ACTIVITY_BYTES, mapParams: false }),
    async (req: restify.Request, res: restify.Response) => {
      try {
        await adapter.process(req, res, (context) => bot.run(context));
      } catch (error) {
        log(`turn failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) res.send(500, { error: { code: 'unexpected', message: 'the bot failed to handle this activity' } });
      }
    },
  );
}

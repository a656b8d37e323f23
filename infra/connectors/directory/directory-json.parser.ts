import { errorMessage, ValidationError } from '../../../core/errors';
import { directoryOutcomes } from '../../../core/directory/directory-record.schema';
import { graphUserInput, graphUserItems } from '../../../core/directory/graph-user';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import type { ParseContext, SignalParser } from '../signal-parser';

/**
 * Directory users as Microsoft Graph returns them (GET /users with $expand=manager), one page or a
 * bare array. Rows are numbered by position in the list (the first user is row 1).
 */
export const directoryJsonParser: SignalParser = {
  format: 'directory-json',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    let document: unknown;
    try {
      document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
    } catch (error) {
      const detail = errorMessage(error);
      throw new ValidationError(`${context.file}: not valid JSON (${detail}); expected a Graph users list`, [
        { file: context.file, reason: `not valid JSON: ${detail}` },
      ], { cause: error });
    }
    const items = graphUserItems(document, context.file);
    return directoryOutcomes(items.map((item, i) => graphUserInput(item, i + 1)));
  },
};

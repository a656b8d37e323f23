import { ValidationError } from '../../../core/errors';
import { directoryCsvInput, resolveDirectoryHeader } from '../../../core/directory/directory-columns';
import { directoryOutcomes, type DirectoryInput } from '../../../core/directory/directory-record.schema';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import { readAllCsvRows } from '../csv/csv-reader';
import type { ParseContext, SignalParser } from '../signal-parser';


/**
 * Directory users as CSV (a hand-made list, or the Entra admin center's user download). The file
 * is read whole before the first outcome so that a CSV syntax error rejects all of it.
 */
export const directoryCsvParser: SignalParser = {
  format: 'directory-csv',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    const rows = readAllCsvRows(text, context.file);
    if (rows.length === 0) {
      throw new ValidationError(
        `${context.file}: the file is empty; expected a header row such as userPrincipalName,id,displayName,mail,department,jobTitle,manager,accountEnabled`,
        [{ file: context.file, row: 1, reason: 'empty file' }],
      );
    }
    const [header, ...data] = rows;
    const layout = resolveDirectoryHeader(header.fields, context.file);
    const inputs: DirectoryInput[] = data.map((r) => directoryCsvInput(layout, r.row, r.fields));
    return directoryOutcomes(inputs);
  },
};

import { createHash } from 'node:crypto';
import { ValidationError } from '../../../core/errors';
import { requireHrColumnsFor, resolveHrHeader, type HrField, type HrLayout } from '../../../core/ingest/hr/hr-columns';
import {
  HR_SCENARIO_EXPECTED,
  hrDataTypeFromScenario,
  type HrDataType,
} from '../../../core/ingest/hr/hr-data-type';
import { validateHrRow, type HrRowValues } from '../../../core/ingest/hr/hr-row.schema';
import { hrActivity, type HexDigest } from '../../../core/ingest/hr/hr.normalizer';
import type { RecordOutcome } from '../../../core/ingest/record-outcome';
import { readAllCsvRows, type CsvRow } from '../csv/csv-reader';
import type { ParseContext, SignalParser } from '../signal-parser';

const sha256Hex: HexDigest = (material) => createHash('sha256').update(material, 'utf8').digest('hex');


function scenarioTypes(layout: HrLayout, rows: readonly CsvRow[]): Set<HrDataType> {
  const types = new Set<HrDataType>();
  if (layout.scenario === undefined) return types;
  for (const row of rows) {
    if (row.fields.length !== layout.header.length) continue;
    const type = hrDataTypeFromScenario(row.fields[layout.scenario.index]);
    if (type !== undefined) types.add(type);
  }
  return types;
}

function columnCountProblem(row: CsvRow, header: readonly string[]): { field: string; reason: string } | undefined {
  const have = row.fields.length;
  const want = header.length;
  if (have === want) return undefined;
  if (have < want) {
    return {
      field: header[have].trim(),
      reason:
        `the row has ${have} fields but the header has ${want}; ` +
        'every row needs one field per header column, left empty when unused',
    };
  }
  return {
    field: header[want - 1].trim(),
    reason: `the row has ${have} fields but the header has ${want}; quote values that contain commas`,
  };
}

function* rowOutcomes(rows: readonly CsvRow[], layout: HrLayout): Generator<RecordOutcome> {
  const emailColumn = layout.columns.get('email');
  // resolveHrHeader guarantees the e-mail column; this keeps the type checker honest.
  const emailField = emailColumn?.name ?? 'EmailAddress';
  const nameOf = (field: HrField): string => layout.columns.get(field)?.name ?? field;

  for (const row of rows) {
    const countProblem = columnCountProblem(row, layout.header);
    if (countProblem !== undefined) {
      yield { type: 'rejected', row: row.row, ...countProblem };
      continue;
    }
    let type: HrDataType;
    if (layout.scenario === undefined) {
      type = layout.singleType;
    } else {
      const value = row.fields[layout.scenario.index].trim();
      const fromScenario = hrDataTypeFromScenario(value);
      if (fromScenario === undefined) {
        yield {
          type: 'rejected',
          row: row.row,
          field: layout.scenario.name,
          reason: value === '' ? `empty; ${HR_SCENARIO_EXPECTED}` : `unknown HR scenario '${value}'; ${HR_SCENARIO_EXPECTED}`,
        };
        continue;
      }
      type = fromScenario;
    }

    const values: HrRowValues = {};
    for (const [field, column] of layout.columns) values[field] = row.fields[column.index];
    const result = validateHrRow(type, values);
    if (!result.ok) {
      yield { type: 'rejected', row: row.row, field: nameOf(result.field), reason: result.reason };
      continue;
    }
    yield {
      type: 'activity',
      row: row.row,
      activity: hrActivity(result.record, sha256Hex),
      requiresKnownUser: { field: emailField },
    };
  }
}

/**
 * HR connector CSV: the five data types, one per file (told from the header) or mixed with an
 * HRScenario column. Header problems reject the file; row problems reject the row only. See
 * docs/signal-formats.md.
 */
export const hrCsvParser: SignalParser = {
  format: 'hr-csv',
  parse(text: string, context: ParseContext): Iterable<RecordOutcome> {
    // The whole file first: which mandatory columns a multi-type file needs depends on the
    // HRScenario values that occur in it.
    const rows = readAllCsvRows(text, context.file);
    if (rows.length === 0) {
      throw new ValidationError(
        `${context.file}: the file is empty; expected a header row such as EmailAddress,ResignationDate,LastWorkingDate`,
        [{ file: context.file, row: 1, reason: 'empty file' }],
      );
    }
    const [headerRow, ...dataRows] = rows;
    const layout = resolveHrHeader(headerRow.fields, context.file);
    requireHrColumnsFor(layout, scenarioTypes(layout, dataRows), context.file);
    return rowOutcomes(dataRows, layout);
  },
};

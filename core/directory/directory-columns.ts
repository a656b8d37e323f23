import { ValidationError } from '../errors';
import type { DirectoryField, DirectoryInput, DirectoryValues } from './directory-record.schema';

/**
 * Accepted CSV header names per field, compared after lower-casing and dropping spaces, hyphens
 * and underscores, so `userPrincipalName`, `User principal name` (the Entra admin center's "Download
 * users" file) and `user_principal_name` are one name. The first name is the one messages suggest.
 */
export const DIRECTORY_COLUMN_NAMES: Readonly<Record<DirectoryField, readonly string[]>> = {
  upn: ['userPrincipalName', 'UPN'],
  objectId: ['id', 'objectId', 'Object ID', 'AzureADObjectId', 'EntraObjectId'],
  displayName: ['displayName', 'Name'],
  mail: ['mail', 'Email', 'EmailAddress', 'PrimarySmtpAddress'],
  department: ['department', 'Dept'],
  jobTitle: ['jobTitle', 'Title'],
  managerUpn: ['manager', 'managerUpn', 'managerUserPrincipalName'],
  accountEnabled: ['accountEnabled', 'Enabled'],
};

/** The Entra admin center export says whether sign-in is blocked: the opposite of accountEnabled. */
const BLOCK_SIGN_IN = 'blocksignin';
const INVERTED: ReadonlyMap<string, string> = new Map([
  ['yes', 'false'],
  ['true', 'false'],
  ['1', 'false'],
  ['no', 'true'],
  ['false', 'true'],
  ['0', 'true'],
]);

function squash(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

const FIELD_BY_NAME: ReadonlyMap<string, DirectoryField> = new Map(
  (Object.keys(DIRECTORY_COLUMN_NAMES) as DirectoryField[]).flatMap((field) =>
    DIRECTORY_COLUMN_NAMES[field].map((name) => [squash(name), field] as const),
  ),
);

interface Column {
  readonly index: number;
  readonly name: string;
}

export interface DirectoryLayout {
  readonly header: readonly string[];
  readonly columns: ReadonlyMap<DirectoryField, Column>;
  readonly blockSignIn?: Column;
}

function fail(file: string, message: string, field?: string): never {
  throw new ValidationError(`${file}: ${message}`, [{ file, row: 1, field, reason: message }]);
}

/**
 * Maps a directory CSV header. Throws ValidationError naming the file when there is no UPN column,
 * when two columns mean the same field, or when a header cell is empty. Other columns (givenName,
 * usageLocation …) are ignored.
 */
export function resolveDirectoryHeader(header: readonly string[], file: string): DirectoryLayout {
  const columns = new Map<DirectoryField, Column>();
  let blockSignIn: Column | undefined;
  header.forEach((raw, index) => {
    const name = raw.trim();
    if (name === '') fail(file, `column ${index + 1} of the header has no name (a stray comma in the header?); name it or remove it`);
    const key = squash(name);
    if (key === BLOCK_SIGN_IN) {
      blockSignIn = { index, name };
      return;
    }
    const field = FIELD_BY_NAME.get(key);
    if (field === undefined) return;
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      fail(file, `the columns ${earlier.name} and ${name} both give ${DIRECTORY_COLUMN_NAMES[field][0]}; keep one`, name);
    }
    columns.set(field, { index, name });
  });
  if (blockSignIn !== undefined && columns.has('accountEnabled')) {
    fail(file, `the columns ${columns.get('accountEnabled')?.name} and ${blockSignIn.name} both say whether the account is enabled; keep one`, blockSignIn.name);
  }
  if (!columns.has('upn')) {
    fail(
      file,
      `missing mandatory column userPrincipalName (also accepted: UPN, User principal name); the header is: ${header.map((h) => h.trim()).join(',')}`,
      'userPrincipalName',
    );
  }
  return { header, columns, blockSignIn };
}

/** One CSV data row as a directory input: wrong field counts are refused here, values later. */
export function directoryCsvInput(layout: DirectoryLayout, row: number, fields: readonly string[]): DirectoryInput {
  const want = layout.header.length;
  if (fields.length !== want) {
    const field = fields.length < want ? layout.header[fields.length].trim() : layout.header[want - 1].trim();
    return {
      row,
      rejected: {
        field,
        reason:
          `the row has ${fields.length} fields but the header has ${want}; ` +
          (fields.length < want ? 'every row needs one field per header column, left empty when unused' : 'quote values that contain commas'),
      },
    };
  }
  const values: { -readonly [K in keyof DirectoryValues]: DirectoryValues[K] } = {};
  const names: Partial<Record<DirectoryField, string>> = {};
  for (const [field, column] of layout.columns) {
    values[field] = fields[column.index];
    names[field] = column.name;
  }
  if (layout.blockSignIn !== undefined) {
    const raw = fields[layout.blockSignIn.index].trim().toLowerCase();
    names.accountEnabled = layout.blockSignIn.name;
    // Inverted here so that validation stays one rule; an unknown word passes through unchanged
    // and is refused there, naming this column.
    values.accountEnabled = INVERTED.get(raw) ?? raw;
  }
  return { row, values, names };
}

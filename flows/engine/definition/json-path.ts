/**
 * JSON paths as the loader and the linter print them: `properties.definition.actions.Scope_Try`,
 * `resources[0].properties.definition`, `parameters["Site URL"].defaultValue`.
 *
 * Action names are written as they are (`Set_'Status'_to_Done`), because that is how an admin
 * finds them in the designer's code view; only a key that would make the path ambiguous (a dot, a
 * bracket, a quote, white space, or nothing at all) is written in brackets as a JSON string.
 */

export type PathSegment = string | number;

/** The whole document; used as the `field` of an issue that concerns the file as a whole. */
export const ROOT_PATH = '(root)';

const NEEDS_BRACKETS = /[.[\]"\s]/;

export function formatPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (segment === '' || NEEDS_BRACKETS.test(segment)) text += `[${JSON.stringify(segment)}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text === '' ? ROOT_PATH : text;
}

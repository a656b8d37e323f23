import { StepFailure } from './run-signals';

/**
 * Power Automate writes a connector's body properties flattened into `inputs.parameters` with `/`
 * (`emailMessage/To`, `body/recipient`, `item/start`); the operation's swagger expects them nested
 * (`{ emailMessage: { To } }`). Only the top-level keys are split; values are left as they are.
 * A key that is both a value and a parent (`body` = "x" beside `body/recipient`) cannot be
 * represented and fails the step (code InvalidParameters) naming both.
 */
export function unflattenParameters(parameters: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const segments = key.split('/');
    // `a//b` or a leading or trailing slash is not a path: keep such a key as it is written.
    if (segments.length === 1 || segments.some((s) => s === '')) {
      place(out, [key], value, key);
      continue;
    }
    place(out, segments, value, key);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function place(target: Record<string, unknown>, segments: readonly string[], value: unknown, key: string): void {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    const existing = node[segment];
    if (existing === undefined) node[segment] = {};
    else if (!isPlainObject(existing)) throw conflict(key, segments.slice(0, i + 1).join('/'));
    node = node[segment] as Record<string, unknown>;
  }
  const last = segments[segments.length - 1];
  const existing = node[last];
  if (existing === undefined) node[last] = value;
  else if (isPlainObject(existing) && isPlainObject(value)) node[last] = { ...value, ...existing };
  else throw conflict(key, segments.join('/'));
}

function conflict(key: string, at: string): StepFailure {
  return new StepFailure('InvalidParameters', `parameter '${key}' collides with parameter '${at}': one names a value, the other a property inside it`);
}

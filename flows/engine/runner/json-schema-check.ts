/**
 * The loose JSON Schema check ParseJson applies: `type` (one or a list, `integer` meaning a whole
 * number), `required`, `properties`, `items`, `enum`. Other keywords are ignored, and so are
 * properties the schema does not mention. Returns the first mismatch as `$.path: what`, or
 * `undefined` when the value fits. This is what the designer's "Generate from sample" schemas
 * use; it catches a payload of the wrong shape without pretending to be a full validator.
 */
export function schemaMismatch(value: unknown, schema: unknown, path = '$'): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const s = schema as Record<string, unknown>;
  if (s.type !== undefined) {
    const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
    if (types.length > 0 && !types.some((t) => hasType(value, t))) return `${path}: expected ${types.join(' or ')}; got ${typeName(value)}`;
  }
  if (Array.isArray(s.enum) && !s.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    return `${path}: expected one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}; got ${JSON.stringify(value)}`;
  }
  if (isObject(value)) {
    for (const key of Array.isArray(s.required) ? s.required : []) {
      if (typeof key === 'string' && !(key in value)) return `${path}: required property '${key}' is missing`;
    }
    if (isObject(s.properties)) {
      for (const [key, inner] of Object.entries(s.properties)) {
        if (key in value) {
          const found = schemaMismatch(value[key], inner, `${path}.${key}`);
          if (found !== undefined) return found;
        }
      }
    }
  }
  if (Array.isArray(value) && s.items !== undefined) {
    for (const [i, item] of value.entries()) {
      const found = schemaMismatch(item, s.items, `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type.toLowerCase()) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

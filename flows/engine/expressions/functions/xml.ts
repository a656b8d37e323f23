import { isJsonObject, type JsonObject } from '../values';
import { expressionError } from './args';

/**
 * JSON → XML text for `xml()`, following the Json.NET conventions Logic Apps uses: one root
 * property, `@name` keys become attributes, `#text` the element's text, arrays repeat the
 * element, null an empty element, `?xml` the declaration. XML → JSON (`json(xml(…))`) and XPath
 * are not implemented.
 */

const XML_NAME = /^[\p{L}_][\p{L}\p{N}_.:-]*$/u;

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Scalars as JSON prints them (`true`, `1.5`). */
function scalarText(fn: string, value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  throw expressionError(`${fn} cannot write an object or array as ${where}`);
}

function checkName(fn: string, name: string): string {
  if (!XML_NAME.test(name)) throw expressionError(`${fn} cannot use '${name}' as an XML element or attribute name`);
  return name;
}

function element(fn: string, name: string, value: unknown): string {
  checkName(fn, name);
  if (Array.isArray(value)) return value.map((item) => element(fn, name, item)).join('');
  if (value === null || value === undefined) return `<${name} />`;
  if (!isJsonObject(value)) return `<${name}>${escapeText(scalarText(fn, value, 'text'))}</${name}>`;
  let attributes = '';
  let content = '';
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('@')) attributes += ` ${checkName(fn, key.slice(1))}="${escapeAttribute(scalarText(fn, inner, `the attribute '${key}'`))}"`;
    else if (key === '#text') content += escapeText(scalarText(fn, inner, 'text'));
    else if (key === '#cdata-section') content += `<![CDATA[${scalarText(fn, inner, 'CDATA')}]]>`;
    else content += element(fn, key, inner);
  }
  return content === '' ? `<${name}${attributes} />` : `<${name}${attributes}>${content}</${name}>`;
}

function declaration(fn: string, value: unknown): string {
  if (!isJsonObject(value)) throw expressionError(`${fn} expects '?xml' to hold the declaration's '@version' and other attributes`);
  const attributes = Object.entries(value)
    .map(([key, inner]) => ` ${checkName(fn, key.replace(/^@/, ''))}="${escapeAttribute(scalarText(fn, inner, 'a declaration attribute'))}"`)
    .join('');
  return `<?xml${attributes}?>`;
}

export function jsonToXml(fn: string, value: JsonObject): string {
  const entries = Object.entries(value).filter(([key]) => key !== '?xml');
  if (entries.length !== 1) throw expressionError(`${fn} expects a JSON object with exactly one root property; it has ${entries.length}`);
  const [root] = entries;
  if (Array.isArray(root[1])) throw expressionError(`${fn} expects the root property '${root[0]}' to hold an object or a value, not an array`);
  const prolog = Object.hasOwn(value, '?xml') ? declaration(fn, value['?xml']) : '';
  return prolog + element(fn, root[0], root[1]);
}

import type { ActionExecutor } from '../executor';
import { StepFailure } from '../run-signals';
import { arrayInput } from './action-inputs';
import { asText } from './join.executor';

/**
 * Table (Create CSV table / Create HTML table): `from` (objects), `format` CSV or HTML, and
 * optional `columns [{header, value}]` whose values are evaluated per item with `item()`. Without
 * columns, the headers are the properties of the items in order of first appearance.
 * CSV quotes fields holding a comma, quote or line break (RFC 4180); HTML escapes & < > " '.
 */
export const tableExecutor: ActionExecutor = (step) => {
  const raw = (step.action.inputs ?? {}) as Record<string, unknown>;
  const from = arrayInput(step, step.evaluate(raw.from ?? null), 'from');
  const format = String(step.evaluate(raw.format ?? 'CSV')).toUpperCase();
  if (format !== 'CSV' && format !== 'HTML') throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.format to be CSV or HTML; got ${JSON.stringify(raw.format)}`);

  let headers: string[];
  let rows: unknown[][];
  if (raw.columns !== undefined) {
    if (!Array.isArray(raw.columns)) throw new StepFailure('InvalidInputs', `'${step.name}': expected inputs.columns to be a list of {header, value}`);
    const columns = raw.columns.map((c) => (typeof c === 'object' && c !== null ? (c as Record<string, unknown>) : {}));
    headers = columns.map((c) => asText(step.evaluate(c.header ?? '')));
    rows = from.map((value) => columns.map((c) => step.evaluate(c.value ?? null, { value })));
  } else {
    headers = [];
    for (const item of from) if (typeof item === 'object' && item !== null && !Array.isArray(item)) for (const k of Object.keys(item)) if (!headers.includes(k)) headers.push(k);
    rows = from.map((item) => headers.map((h) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[h] : undefined)));
  }
  const body = format === 'CSV' ? csv(headers, rows) : html(headers, rows);
  return { status: 'Succeeded', code: 'OK', inputs: { from, format, ...(raw.columns === undefined ? {} : { columns: raw.columns }) }, outputs: { body } };
};

function csvField(value: unknown): string {
  const text = asText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [headers.map(csvField).join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n');
}

function escapeHtml(value: unknown): string {
  return asText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function html(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = `<thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<table>${head}${body}</table>`;
}

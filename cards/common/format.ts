/** How cards show times and numbers: UTC, to the minute, the same for every viewer. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatScore(score: number): string {
  return String(Math.round(score));
}

/** `file.shared.external` → `file shared external`: readable without a lookup table. */
export function humanizeKind(kind: string): string {
  return kind.replace(/[.-]/g, ' ');
}

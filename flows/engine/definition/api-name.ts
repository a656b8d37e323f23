/**
 * The connector's short api name from a `host.apiId` or connection id: its last path segment
 * (`/providers/Microsoft.PowerApps/apis/shared_office365users` → `shared_office365users`). One
 * definition, used by the loader, the linter, the runner and the trigger reader alike.
 * `undefined` when the value is not a string or has no segment.
 */
export function apiNameOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const segment = value.split('/').filter((s) => s !== '').pop();
  return segment === undefined || segment === '' ? undefined : segment;
}

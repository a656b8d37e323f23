import { ValidationError } from '../../core/errors';

/**
 * What a callback URL may be. Notifications carry insider-risk facts, so they go over HTTPS only,
 * to a host name (Power Automate's callbacks always are one): an IP literal such as a cloud
 * metadata address, or this machine, is refused, so a connector key cannot make the server post
 * into its own network. A loopback host (plain HTTP too) is accepted when a test, or a developer
 * on one machine, says so. `allowedHosts` narrows further, e.g. to Power Automate's callback
 * domains (`logic.azure.com`); a name that resolves to a private address is only stopped by that.
 */
export interface CallbackUrlPolicy {
  /** Accept `localhost`, `127.0.0.1` and `[::1]`, over http or https. Default false. */
  readonly allowHttpLoopback?: boolean;
  /** Host names (or parent domains: `logic.azure.com` admits `prod-01.westeurope.logic.azure.com`). Default: any. */
  readonly allowedHosts?: readonly string[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
export const MAX_CALLBACK_URL_LENGTH = 4096;

function invalid(reason: string): ValidationError {
  return new ValidationError(`callbackUrl: ${reason}`, [{ field: 'callbackUrl', reason }]);
}

/** The URL as it will be called, or ValidationError naming `callbackUrl` and what was expected. */
export function checkCallbackUrl(raw: string, policy: CallbackUrlPolicy = {}): string {
  const text = raw.trim();
  if (text.length === 0) throw invalid('expected an absolute https URL, got an empty string');
  if (text.length > MAX_CALLBACK_URL_LENGTH) throw invalid(`expected at most ${MAX_CALLBACK_URL_LENGTH} characters, got ${text.length}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('expected an absolute https URL');
  }
  const host = url.hostname.toLowerCase();
  const loopbackAllowed = policy.allowHttpLoopback === true && LOOPBACK.has(host);
  if (url.protocol === 'http:') {
    if (!loopbackAllowed) throw invalid('expected an https URL (plain http is not accepted)');
  } else if (url.protocol !== 'https:') {
    throw invalid(`expected an https URL, got the ${url.protocol.replace(':', '')} scheme`);
  }
  if (url.username !== '' || url.password !== '') throw invalid('expected a URL without user name or password');
  if (!loopbackAllowed && (host === 'localhost' || host.endsWith('.localhost') || isIpLiteral(host))) {
    throw invalid(`expected a public host name, got ${host}`);
  }
  const allowed = policy.allowedHosts;
  if (allowed !== undefined && !loopbackAllowed) {
    const ok = allowed.some((h) => {
      const wanted = h.trim().toLowerCase();
      return host === wanted || host.endsWith(`.${wanted}`);
    });
    if (!ok) throw invalid(`expected a host in ${allowed.join(', ')}, got ${host}`);
  }
  return url.href;
}

/** IPv6 in brackets, or four dotted decimal parts (WHATWG URL parsing already normalized `0x7f.1` and the like to this). */
function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

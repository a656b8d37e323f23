/**
 * Which hosts the Http action may call. Cloud metadata services answer on link-local addresses
 * and hand out the host's credentials to whoever asks, so a flow definition (editable by admins,
 * importable from anywhere) must never reach them: `169.254.0.0/16` (IPv4 link-local, AWS/Azure/GCP
 * metadata at 169.254.169.254), IPv6 link-local `fe80::/10`, AWS's IPv6 metadata `fd00:ec2::254`,
 * and GCP's `metadata.google.internal` (and its short name `metadata`). IPv4 addresses written inside IPv6 (`::ffff:169.254.x.x`)
 * count as the IPv4 address.
 *
 * The check is on the URL's host as written (after WHATWG URL normalisation, which already turns
 * `http://2852039166/` or `http://0xa9.254.169.254/` into `169.254.169.254`). A DNS name that
 * *resolves* to a link-local address is not caught here: the flow engine does no I/O of its own.
 * The fetch adapter does not follow redirects, so a redirect cannot lead around the check.
 */

const BLOCKED_NAMES: ReadonlySet<string> = new Set(['metadata.google.internal', 'metadata']);

function ipv4(host: string): readonly number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** The eight 16-bit groups of an IPv6 address (brackets removed), or undefined when it is not one. */
function ipv6Groups(text: string): number[] | undefined {
  let address = text.toLowerCase();
  const groups: number[] = [];
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) counts as two groups.
  const dotted = /^(.*:)(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.exec(address);
  let tail: number[] = [];
  if (dotted !== null) {
    const v4 = ipv4(dotted[2]);
    if (v4 === undefined) return undefined;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    address = dotted[1].endsWith('::') ? dotted[1] : dotted[1].slice(0, -1);
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]);
  const rest = halves.length === 2 ? parse(halves[1]) : [];
  if (head === undefined || rest === undefined) return undefined;
  const known = head.length + rest.length + tail.length;
  if (halves.length === 2) {
    if (known > 7) return undefined;
    groups.push(...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail);
  } else {
    if (known !== 8) return undefined;
    groups.push(...head, ...tail);
  }
  return groups;
}

/** Why `hostname` (as URL.hostname gives it) is refused, or undefined when it is allowed. */
export function blockedHostReason(hostname: string): string | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (BLOCKED_NAMES.has(host)) return `${host} is a cloud metadata service`;
  const v4 = ipv4(host);
  if (v4 !== undefined) return v4[0] === 169 && v4[1] === 254 ? `${host} is a link-local address (cloud metadata services live there)` : undefined;
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = ipv6Groups(host.slice(1, -1));
    if (groups === undefined) return undefined;
    if ((groups[0] & 0xffc0) === 0xfe80) return `${host} is an IPv6 link-local address`;
    if (groups[0] === 0xfd00 && groups[1] === 0x0ec2 && groups.slice(2, 7).every((g) => g === 0) && groups[7] === 0x0254) return `${host} is the AWS IPv6 metadata address`;
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms.
    if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0) && groups[6] >> 8 === 169 && (groups[6] & 0xff) === 254) {
      return `${host} is a link-local IPv4 address written as IPv6`;
    }
  }
  return undefined;
}

/** Whether `hostname` is in `allowed` (exact names, case-insensitive; IPv6 with or without brackets). */
export function isAllowedHost(hostname: string, allowed: readonly string[]): boolean {
  const norm = (h: string): string => h.trim().toLowerCase().replace(/\.$/, '').replace(/^\[(.*)\]$/, '$1');
  const host = norm(hostname);
  return allowed.some((a) => norm(a) === host);
}

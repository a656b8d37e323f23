import { expressionError, stringArg } from './args';
import { defineFunction, type BuiltinFunctionSpec } from './define';

/**
 * URI parsing functions over absolute URIs (WHATWG URL parsing, which agrees with .NET's Uri on
 * http(s) URLs: lower-case host, '/' for an empty path, the query with its '?').
 */

/** Default ports, as .NET's Uri reports them when the URI names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  http: 80, https: 443, ws: 80, wss: 443, ftp: 21, gopher: 70, ldap: 389, mailto: 25, news: 119, nntp: 119, telnet: 23,
};

function parseUri(fn: string, args: readonly unknown[]): URL {
  const text = stringArg(fn, args, 0, 'an absolute URI string');
  try {
    return new URL(text);
  } catch {
    throw expressionError(`${fn} expects an absolute URI such as 'https://contoso.com/path'; '${text.length > 60 ? `${text.slice(0, 60)}…` : text}' is not one`);
  }
}

function pathOf(uri: URL): string {
  return uri.pathname === '' ? '/' : uri.pathname;
}

export const uriFunctions: readonly BuiltinFunctionSpec[] = [
  defineFunction('uriHost', 1, 1, (args) => parseUri('uriHost', args).hostname),
  defineFunction('uriPath', 1, 1, (args) => pathOf(parseUri('uriPath', args))),
  defineFunction('uriPathAndQuery', 1, 1, (args) => {
    const uri = parseUri('uriPathAndQuery', args);
    return pathOf(uri) + uri.search;
  }),
  defineFunction('uriPort', 1, 1, (args) => {
    const uri = parseUri('uriPort', args);
    if (uri.port !== '') return Number(uri.port);
    return DEFAULT_PORTS[uri.protocol.slice(0, -1)] ?? -1;
  }),
  defineFunction('uriQuery', 1, 1, (args) => parseUri('uriQuery', args).search),
  defineFunction('uriScheme', 1, 1, (args) => parseUri('uriScheme', args).protocol.slice(0, -1)),
];

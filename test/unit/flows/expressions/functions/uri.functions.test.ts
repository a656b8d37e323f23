import { failure, run } from '../expression-context';

const uri = "'https://www.contoso.com/catalog/shownew.htm?date=today'";

describe('uriHost', () => {
  it('returns the host (docs example), lower-cased', () => {
    expect(run("uriHost('https://www.localhost.com:8080')")).toBe('www.localhost.com');
    expect(run("uriHost('https://WWW.Contoso.COM/a')")).toBe('www.contoso.com');
  });

  it('refuses a relative or malformed URI', () => {
    expect(failure("uriHost('/relative/path')").message).toMatch(/^uriHost expects an absolute URI such as 'https:\/\/contoso.com\/path'; '\/relative\/path' is not one/);
    expect(failure('uriHost(1)').message).toMatch(/^uriHost expects an absolute URI string; argument 1 is the integer 1/);
  });
});

describe('uriPath', () => {
  it("returns the path (docs example), '/' when there is none", () => {
    expect(run(`uriPath(${uri})`)).toBe('/catalog/shownew.htm');
    expect(run("uriPath('https://contoso.com')")).toBe('/');
  });
});

describe('uriPathAndQuery', () => {
  it('returns the path and the query (docs example)', () => {
    expect(run(`uriPathAndQuery(${uri})`)).toBe('/catalog/shownew.htm?date=today');
    expect(run("uriPathAndQuery('https://contoso.com')")).toBe('/');
  });
});

describe('uriPort', () => {
  it('returns the port (docs example) or the scheme\'s default', () => {
    expect(run("uriPort('https://www.localhost:8080')")).toBe(8080);
    expect(run("uriPort('https://contoso.com')")).toBe(443);
    expect(run("uriPort('http://contoso.com')")).toBe(80);
    expect(run("uriPort('ftp://contoso.com')")).toBe(21);
    expect(run("uriPort('custom://contoso.com')")).toBe(-1);
  });
});

describe('uriQuery', () => {
  it("returns the query with its '?' (docs example), '' when there is none", () => {
    expect(run(`uriQuery(${uri})`)).toBe('?date=today');
    expect(run("uriQuery('https://contoso.com/a')")).toBe('');
  });
});

describe('uriScheme', () => {
  it('returns the scheme', () => {
    expect(run(`uriScheme(${uri})`)).toBe('https');
    expect(run("uriScheme('http://contoso.com')")).toBe('http');
  });
});

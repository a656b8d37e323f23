import path from 'node:path';
import { ValidationError } from '../../../core/errors';
import { loadConfig } from '../../../infra/config';

describe('loadConfig', () => {
  it('runs on the embedded store with defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.store).toEqual({ kind: 'sqlite', path: path.resolve('data/irm.db') });
    expect(config.ingestKey).toBeUndefined();
  });

  it('chooses Cosmos DB when endpoint and key are set', () => {
    const config = loadConfig({ COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', COSMOS_KEY: 'secret' });
    expect(config.store).toEqual({ kind: 'cosmos', endpoint: 'https://acct.documents.azure.com:443/', key: 'secret', databaseId: 'irm' });
  });

  it('names every bad variable with what was expected, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', COSMOS_ENDPOINT: 'https://acct.documents.azure.com/', IRM_INGEST_KEY: 'short-secret', IRM_INTERNAL_DOMAINS: 'contoso.com,not a domain' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message).toContain("PORT: expected a TCP port (0: any free port), a whole number from 0 to 65535 (got 'eighty')");
    expect(message).toContain('COSMOS_KEY: required when COSMOS_ENDPOINT is set (the account key) (not set)');
    expect(message).toContain('IRM_INGEST_KEY: expected at least 32 characters (a random secret) (set, 12 characters)');
    expect(message).toContain('IRM_INTERNAL_DOMAINS: expected a comma-separated list of domain names such as contoso.com');
    expect(message).not.toContain('short-secret');
    expect((error as ValidationError).issues.map((i) => i.field).sort()).toEqual(['COSMOS_KEY', 'IRM_INGEST_KEY', 'IRM_INTERNAL_DOMAINS', 'PORT']);
  });

  it('lower-cases internal domains and ignores blanks', () => {
    expect(loadConfig({ IRM_INTERNAL_DOMAINS: ' Contoso.com, ,fabrikam.COM ' }).internalDomains).toEqual(['contoso.com', 'fabrikam.com']);
  });
});

import { ValidationError } from '../../../../core/errors';
import { decodeKey, documentId, encodeKey, keyOfDocumentId } from '../../../../infra/cosmos/cosmos-documents';
import { nextSequence } from '../../../../infra/cosmos/outbox.repository';

describe('document ids', () => {
  it('escapes the characters Cosmos forbids or URL handling would rewrite, and decodes back', () => {
    const keys = ['audit:5f1c-aa', 'x_gmail.com#EXT#@contoso.onmicrosoft.com', 'a/b\\c?d#e', '100% ~tilde~ sp ace', 'Zoë/東京', '~41'];
    for (const key of keys) {
      const encoded = encodeKey(key);
      expect(encoded).not.toMatch(/[/\\?#%\s]/);
      expect(decodeKey(encoded)).toBe(key);
    }
    // `~` is escaped too, so a key that looks like an escape cannot collide with one.
    expect(encodeKey('~41')).not.toBe(encodeKey('A'));
  });

  it('prefixes the type and recovers the key only for that type', () => {
    const id = documentId('activity', 'hr:abc/1');
    expect(id).toBe('activity:hr:abc~2F1');
    expect(keyOfDocumentId('activity', id)).toBe('hr:abc/1');
    expect(keyOfDocumentId('batch', id)).toBeUndefined();
  });

  it('refuses keys whose id would exceed the 1,023-byte limit', () => {
    expect(() => documentId('seen', 'k'.repeat(1100))).toThrow(ValidationError);
  });
});

describe('outbox sequence', () => {
  it('strictly increases within a process even when the clock stands still or steps back', () => {
    const a = nextSequence(2_000_000_000_000);
    const b = nextSequence(2_000_000_000_000);
    const c = nextSequence(1_999_999_999_000);
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    expect(Number.isSafeInteger(c)).toBe(true);
  });
});

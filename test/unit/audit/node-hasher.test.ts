import { nodeHasher } from '../../../infra/crypto/node-hasher';

describe('nodeHasher', () => {
  it('computes SHA-256 as lower-case hex over UTF-8 text (FIPS 180-2 test vector)', () => {
    expect(nodeHasher.sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(nodeHasher.sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('computes HMAC-SHA-256 (RFC 4231 test case 2)', () => {
    expect(nodeHasher.hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

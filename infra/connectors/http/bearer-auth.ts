import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthenticatedError } from '../../../core/errors';

/**
 * Checks `Authorization: Bearer <key>` against the configured ingestion key in constant time
 * (hashing first makes the comparison independent of the presented key's length).
 */
export function createBearerCheck(expectedKey: string, keyName = 'ingestion key'): (authorization: string | undefined) => void {
  const expected = createHash('sha256').update(expectedKey).digest();
  return (authorization) => {
    const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match === null) {
      throw new UnauthenticatedError(`missing bearer token: send Authorization: Bearer <${keyName}>`);
    }
    const presented = createHash('sha256').update(match[1]).digest();
    if (!timingSafeEqual(presented, expected)) {
      throw new UnauthenticatedError(`the bearer token is not the configured ${keyName}`);
    }
  };
}

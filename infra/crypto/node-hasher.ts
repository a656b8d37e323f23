import { createHash, createHmac } from 'node:crypto';
import type { Hasher } from '../../core/ports/hasher';

export const nodeHasher: Hasher = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacSha256Hex: (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('hex'),
};

import { z } from 'zod';

/** `id` of UserProfile_V2 / Manager_V2: "User principal name or id." A path segment, so no `/ ? # \`. */
export const UserIdParameter = z
  .string({ error: 'expected the user principal name or Entra object id of a user' })
  .trim()
  .min(1, 'expected the user principal name or Entra object id of a user')
  .max(1024, 'expected at most 1024 characters')
  .regex(/^[^/?#\\]+$/, 'expected a user principal name or Entra object id, without / ? # or \\');

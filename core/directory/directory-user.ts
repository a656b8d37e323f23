import { z } from 'zod';

/** A person in the organization's directory (Entra ID or its CSV/JSON export). */
export const DirectoryUserSchema = z.object({
  /** Lower-case user principal name; the key everywhere else refers to. */
  upn: z.string().min(3),
  /** Entra object id (GUID), when known. */
  objectId: z.string().optional(),
  displayName: z.string().min(1),
  mail: z.string().optional(),
  department: z.string().optional(),
  jobTitle: z.string().optional(),
  /** Lower-case UPN of the manager. */
  managerUpn: z.string().optional(),
  accountEnabled: z.boolean().optional(),
});
export type DirectoryUser = z.infer<typeof DirectoryUserSchema>;

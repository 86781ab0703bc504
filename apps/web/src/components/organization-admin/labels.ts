import type { TokenScope, UserRole } from "@cr/domain";

export const roleLabels: Record<UserRole, string> = { admin: "Admin", editor: "Editor", viewer: "Viewer" };

/** What each role may do, in the policy's terms (packages/domain authorization.ts). */
export const rolesHint = "Viewer: reads customers. Editor: reads and changes them. Admin: also manages users, API tokens and the audit log.";

export const scopeLabels: Record<TokenScope, { label: string; hint: string }> = {
  read: { label: "Read", hint: "reads customers" },
  write: { label: "Write", hint: "reads and changes customers" },
};

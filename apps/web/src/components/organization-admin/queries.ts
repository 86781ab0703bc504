/**
 * Query inputs shared by the admin pages (which prefetch them) and their
 * components (which read them): the same input is the same cache entry.
 */

/** Entries of the audit log per "Load more". */
export const AUDIT_PAGE_SIZE = 50;

/** A page of the audit log, newest first; `before`: the id of the last entry already shown. */
export const auditLogPageInput = (before?: number) => (before === undefined ? { limit: AUDIT_PAGE_SIZE } : { limit: AUDIT_PAGE_SIZE, before });

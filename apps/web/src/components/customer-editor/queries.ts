/**
 * Query inputs shared by the server page (which prefetches them) and the
 * browser (which reads them): the same input is the same cache entry.
 */
export const customerHistoryInput = (id: number) => ({ id, limit: 50 });

/** Every payment type of the organization, for the checkbox group. */
export const paymentTypeOptionsInput = { kind: "paymentType", limit: 100 } as const;

/**
 * The one error type of the product. Every refusal carries a code of the
 * legacy contract (SPEC §4), the text that the legacy clients parse, and the
 * parameter it concerns (so that the UI can show it next to the field).
 *
 * It is mapped in exactly two places: to the legacy `{error, error_description}`
 * JSON and to a `TRPCError`.
 */
export const errorCodes = [
  "missing_param",
  "invalid_param_type",
  "invalid_param",
  "not_unique",
  "save_failed",
  "exceeded_file_size",
  "unsupported_file_type",
  "unauthorized",
  "forbidden",
  "not_found",
  "method_not_allowed",
  "payload_too_large",
  "precondition_failed",
  "idempotency_error",
  "not_applied",
  "rate_limited",
  "server_error",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The HTTP status of each code, as the legacy page documents it. */
export const httpStatusOfErrorCode: Record<ErrorCode, number> = {
  missing_param: 400,
  invalid_param_type: 400,
  invalid_param: 400,
  not_unique: 400,
  save_failed: 400,
  exceeded_file_size: 400,
  unsupported_file_type: 400,
  unauthorized: 401,
  // not the legacy page's: a role or token scope that does not allow the request (SPEC §2)
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  precondition_failed: 412,
  payload_too_large: 413,
  idempotency_error: 422,
  not_applied: 424,
  rate_limited: 429,
  server_error: 500,
};

export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  /** The request parameter concerned, in the contract's spelling (`billingLat`). */
  readonly field: string | undefined;
  /** Overrides the code's usual status where the contract says so (409 for a running idempotent request). */
  readonly status: number;

  constructor(code: ErrorCode, message: string, options: { field?: string; status?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.status = options.status ?? httpStatusOfErrorCode[code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * The texts alone, for the places that need the words without the error: the
 * zod schemas carry them as their messages so that the form shows exactly
 * what a legacy client reads.
 */
export const errorTexts = {
  missingParam: (param: string) => `${param} parameter is missing`,
  invalidParamType: (param: string) => `The type of parameter ${param} you provided is not valid for this request.`,
  subCustomerOfItself: "The customer cannot be a subcustomer of itself.",
  subCustomerOfOwnSubCustomer: "The customer cannot be a subcustomer of one of its own subcustomers.",
} as const;

/** The texts of the legacy contract, in one place. */
export const errors = {
  missingParam: (param: string) => new AppError("missing_param", errorTexts.missingParam(param), { field: param }),
  invalidParamType: (param: string, field = param) =>
    new AppError("invalid_param_type", errorTexts.invalidParamType(param), { field }),
  invalidParam: (param: string, message: string) => new AppError("invalid_param", message, { field: param }),
  notFound: (objectLabel: string, value: string | number, field?: string) =>
    new AppError("not_found", `The ${objectLabel} with the id ${value} doesn't exist.`, { field }),
  // The page answers 404 for this one, although nothing is missing: kept for the legacy clients.
  subCustomerOfItself: () =>
    new AppError("not_found", errorTexts.subCustomerOfItself, { field: "parentCustomerId" }),
  subCustomerOfOwnSubCustomer: () =>
    new AppError("invalid_param", errorTexts.subCustomerOfOwnSubCustomer, { field: "parentCustomerId" }),
  referenceNotUnique: () => new AppError("not_unique", "reference already used", { field: "reference" }),
  saveFailed: (cause?: unknown) => new AppError("save_failed", "Failed to save instance.", { cause }),
  fileTooLarge: () => new AppError("exceeded_file_size", "image size should not exceed 2Mo", { field: "imageFile" }),
  unsupportedFileType: () =>
    new AppError("unsupported_file_type", "image format not supported.", { field: "imageFile" }),
  badCredentials: () => new AppError("unauthorized", "Bad credentials"),
  authenticationRequired: () =>
    new AppError("unauthorized", "Full authentication is required to access this resource"),
  // SPEC §5: an If-Match (or the form's loaded version) that is no longer the customer's.
  versionMismatch: () => new AppError("precondition_failed", "The customer was changed since it was read."),
  // SPEC §5: a key names one request; its retries must repeat it exactly.
  idempotencyKeyReused: () => new AppError("idempotency_error", "The Idempotency-Key was used with another body."),
  idempotencyKeyBusy: () =>
    new AppError("idempotency_error", "A request with this Idempotency-Key is still running: retry later.", { status: 409 }),
  // An item of an atomic batch (v2.1) that was accepted, undone because another item was refused.
  notAppliedInAtomicBatch: () =>
    new AppError("not_applied", "Not applied: another item of this atomic batch was refused, so none was written."),
  serverError: (cause?: unknown) => new AppError("server_error", "Oops! Something went wrong...", { cause }),
} as const;

import { describe, expect, it } from "vitest";

import { AppError, errorCodes, errors, httpStatusOfErrorCode, isAppError } from "./errors";

function describeError(error: AppError) {
  return { code: error.code, status: error.status, message: error.message, field: error.field };
}

describe("errors: the legacy page's texts and statuses", () => {
  it.each([
    [errors.missingParam("reference"), "missing_param", 400, "reference parameter is missing", "reference"],
    [
      errors.invalidParamType("isActive"),
      "invalid_param_type",
      400,
      "The type of parameter isActive you provided is not valid for this request.",
      "isActive",
    ],
    [
      errors.invalidParamType("payment type id", "paymentTypes"),
      "invalid_param_type",
      400,
      "The type of parameter payment type id you provided is not valid for this request.",
      "paymentTypes",
    ],
    [
      errors.notFound("payment type", 999, "paymentTypes"),
      "not_found",
      404,
      "The payment type with the id 999 doesn't exist.",
      "paymentTypes",
    ],
    [
      errors.notFound("parent customer", 188911, "parentCustomerId"),
      "not_found",
      404,
      "The parent customer with the id 188911 doesn't exist.",
      "parentCustomerId",
    ],
    [errors.subCustomerOfItself(), "not_found", 404, "The customer cannot be a subcustomer of itself.", "parentCustomerId"],
    [
      errors.subCustomerOfOwnSubCustomer(),
      "invalid_param",
      400,
      "The customer cannot be a subcustomer of one of its own subcustomers.",
      "parentCustomerId",
    ],
    [errors.referenceNotUnique(), "not_unique", 400, "reference already used", "reference"],
    [errors.saveFailed(), "save_failed", 400, "Failed to save instance.", undefined],
    [errors.fileTooLarge(), "exceeded_file_size", 400, "image size should not exceed 2Mo", "imageFile"],
    [errors.unsupportedFileType(), "unsupported_file_type", 400, "image format not supported.", "imageFile"],
    [errors.badCredentials(), "unauthorized", 401, "Bad credentials", undefined],
    [errors.serverError(new Error("db down")), "server_error", 500, "Oops! Something went wrong...", undefined],
  ])("%s", (error, code, status, message, field) => {
    expect(describeError(error)).toEqual({ code, status, message, field });
  });

  it("a 500 keeps its fault as the cause, never in its text", () => {
    const fault = new Error("connection refused");
    const error = errors.serverError(fault);
    expect(error.cause).toBe(fault);
    expect(error.message).not.toContain("connection refused");
  });

  it("the status can be overridden where the contract says so (409 for a running idempotent request)", () => {
    expect(new AppError("idempotency_error", "busy", { status: 409 }).status).toBe(409);
    expect(httpStatusOfErrorCode.idempotency_error).toBe(422);
  });

  it("isAppError tells the domain error from any other", () => {
    expect(isAppError(errors.referenceNotUnique())).toBe(true);
    expect(isAppError(new Error("x"))).toBe(false);
  });
});

describe("errors: every code and its status", () => {
  it("maps each code of the contract to the status the page documents", () => {
    expect(httpStatusOfErrorCode).toEqual({
      missing_param: 400,
      invalid_param_type: 400,
      invalid_param: 400,
      not_unique: 400,
      save_failed: 400,
      exceeded_file_size: 400,
      unsupported_file_type: 400,
      unauthorized: 401,
      forbidden: 403,
      not_found: 404,
      method_not_allowed: 405,
      precondition_failed: 412,
      payload_too_large: 413,
      idempotency_error: 422,
      not_applied: 424,
      rate_limited: 429,
      server_error: 500,
    });
    expect([...errorCodes].sort()).toEqual(Object.keys(httpStatusOfErrorCode).sort());
  });

  it.each([
    ["method_not_allowed", 405],
    ["precondition_failed", 412],
    ["payload_too_large", 413],
    ["rate_limited", 429],
  ] as const)("an AppError %s answers %i", (code, status) => {
    expect(new AppError(code, "refused").status).toBe(status);
  });

  it.each([
    [errors.invalidParam("currency", "The currency GBP is not configured."), "invalid_param", 400, "The currency GBP is not configured.", "currency"],
    [errors.notFound("region", 4), "not_found", 404, "The region with the id 4 doesn't exist.", undefined],
    [errors.authenticationRequired(), "unauthorized", 401, "Full authentication is required to access this resource", undefined],
    [errors.versionMismatch(), "precondition_failed", 412, "The customer was changed since it was read.", undefined],
    [errors.idempotencyKeyReused(), "idempotency_error", 422, "The Idempotency-Key was used with another body.", undefined],
    [
      errors.idempotencyKeyBusy(),
      "idempotency_error",
      409,
      "A request with this Idempotency-Key is still running: retry later.",
      undefined,
    ],
  ])("%s", (error, code, status, message, field) => {
    expect(describeError(error)).toEqual({ code, status, message, field });
  });

  it("is an Error named AppError that keeps its cause", () => {
    const cause = new Error("unique violation");
    const error = errors.saveFailed(cause);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("AppError");
    expect(error.cause).toBe(cause);
  });
});

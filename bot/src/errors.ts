/**
 * Domain errors. Each carries a stable `code` for API clients and a plain-Vietnamese `message` for people;
 * the HTTP status is chosen only at the edge (`httpStatusOf` in the error handler).
 */
export abstract class AppError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The four request-level errors take an optional `code` so a route can tell clients *which* refusal it was
 * (e.g. `MEMBER_PENDING` vs `FORBIDDEN`) while the HTTP status stays chosen here.
 */
export class NotFoundError extends AppError {
  readonly code: string;
  constructor(message: string, code = "NOT_FOUND", details?: unknown) {
    super(message, details);
    this.code = code;
  }
}
export class UnauthenticatedError extends AppError {
  readonly code: string;
  constructor(message: string, code = "UNAUTHENTICATED", details?: unknown) {
    super(message, details);
    this.code = code;
  }
}
export class ForbiddenError extends AppError {
  readonly code: string;
  constructor(message: string, code = "FORBIDDEN", details?: unknown) {
    super(message, details);
    this.code = code;
  }
}
export class InvalidInputError extends AppError {
  readonly code: string;
  constructor(message: string, code = "INVALID_INPUT", details?: unknown) {
    super(message, details);
    this.code = code;
  }
}
export class ConflictError extends AppError {
  readonly code: string;
  constructor(message: string, code = "CONFLICT", details?: unknown) {
    super(message, details);
    this.code = code;
  }
}
/** A dependency outside the process (Zalo, database, Redis) failed; safe to retry later. */
export class UpstreamError extends AppError {
  readonly code = "UPSTREAM_UNAVAILABLE";
}

export function httpStatusOf(error: AppError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UpstreamError) return 503;
  return 500;
}

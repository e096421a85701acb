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

export class NotFoundError extends AppError {
  readonly code = "NOT_FOUND";
}
export class UnauthenticatedError extends AppError {
  readonly code = "UNAUTHENTICATED";
}
export class ForbiddenError extends AppError {
  readonly code = "FORBIDDEN";
}
export class InvalidInputError extends AppError {
  readonly code = "INVALID_INPUT";
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

/**
 * Domain errors. Each carries a stable `code` for API clients and a plain-Vietnamese `message` for people;
 * the HTTP status is chosen only at the edge (`httpStatusOf` in the error handler).
 */
export abstract class AppError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A kind of error with its default code. A route may pass a more precise code so clients can tell *which*
 * refusal it was (e.g. `MEMBER_PENDING` rather than `FORBIDDEN`) while the HTTP status stays chosen here.
 */
function errorKind(defaultCode: string) {
  return class extends AppError {
    constructor(message: string, code = defaultCode, details?: unknown) {
      super(message, code, details);
    }
  };
}

export class NotFoundError extends errorKind("NOT_FOUND") {}
export class UnauthenticatedError extends errorKind("UNAUTHENTICATED") {}
export class ForbiddenError extends errorKind("FORBIDDEN") {}
export class InvalidInputError extends errorKind("INVALID_INPUT") {}
export class ConflictError extends errorKind("CONFLICT") {}
/** Too many attempts in a window (the same 429 and code as the API's rate limit). */
export class TooManyRequestsError extends errorKind("RATE_LIMITED") {}
/** A dependency outside the process (Zalo, database, Redis) failed; safe to retry later. */
export class UpstreamError extends errorKind("UPSTREAM_UNAVAILABLE") {}

export function httpStatusOf(error: AppError): number {
  if (error instanceof NotFoundError) return 404;
  if (error instanceof UnauthenticatedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof InvalidInputError) return 400;
  if (error instanceof ConflictError) return 409;
  if (error instanceof UpstreamError) return 503;
  if (error instanceof TooManyRequestsError) return 429;
  return 500;
}

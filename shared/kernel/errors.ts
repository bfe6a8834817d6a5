/**
 * Typed domain errors. The HTTP layer maps each to an RFC 9457 problem (shared/http/problem.ts);
 * messages are safe to show: they never carry personal data.
 */
export interface FieldError {
  /** JSON pointer-like path of the field, e.g. "items.0.supportAmount". */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** Extra, safe members of the problem document. */
  readonly extra: Record<string, unknown> = {};
}

export class ValidationError extends DomainError {
  override name = "ValidationError";
  readonly status = 400;
  readonly code = "validation-failed";
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class UnauthorizedError extends DomainError {
  override name = "UnauthorizedError";
  readonly status = 401;
  readonly code = "unauthorized";
}

export class ForbiddenError extends DomainError {
  override name = "ForbiddenError";
  readonly status = 403;
  readonly code = "forbidden";
}

/**
 * A privileged user signed in without TOTP MFA (shared/access/domain/mfa.ts): 403 naming the
 * fix, with the enrolment page in the problem (`enrol`).
 */
export class MfaRequiredError extends DomainError {
  override name = "MfaRequiredError";
  readonly status = 403;
  readonly code = "mfa-required";
  constructor(
    message: string,
    readonly enrolPath: string,
  ) {
    super(message);
    this.extra.enrol = enrolPath;
    this.extra.fix =
      "enrol an authenticator app (TOTP) / đăng ký ứng dụng xác thực (TOTP), then sign in again";
  }
}

export class NotFoundError extends DomainError {
  override name = "NotFoundError";
  readonly status = 404;
  readonly code = "not-found";
}

/** The resource is not in a state that allows the action (e.g. editing a submitted proposal). */
export class StateConflictError extends DomainError {
  override name = "StateConflictError";
  readonly status = 409;
  readonly code = "wrong-state";
  constructor(
    message: string,
    readonly currentState: string,
  ) {
    super(message);
    this.extra.currentState = currentState;
  }
}

/** Optimistic concurrency: the client's version is not the current one. */
export class StaleVersionError extends DomainError {
  override name = "StaleVersionError";
  readonly status = 412;
  readonly code = "stale-version";
  constructor(
    message: string,
    readonly currentVersion: number,
  ) {
    super(message);
    this.extra.currentVersion = currentVersion;
  }
}

/** Someone else acted first (task already decided, concurrent write). */
export class ConflictError extends DomainError {
  override name = "ConflictError";
  readonly status = 409;
  readonly code = "conflict";
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(message);
    Object.assign(this.extra, extra);
  }
}

export class PreconditionRequiredError extends DomainError {
  override name = "PreconditionRequiredError";
  readonly status = 428;
  readonly code = "precondition-required";
}

/** Transient overload after retries ran out (throttling, transaction conflicts). */
export class UnavailableError extends DomainError {
  override name = "UnavailableError";
  readonly status = 503;
  readonly code = "unavailable";
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}

/** The request body has a media type the route does not accept. */
export class UnsupportedMediaTypeError extends DomainError {
  override name = "UnsupportedMediaTypeError";
  readonly status = 415;
  readonly code = "unsupported-media-type";
  constructor(message: string, accepted: string) {
    super(message);
    this.extra.accept = accepted;
  }
}

/** The request body is larger than the route accepts. */
export class PayloadTooLargeError extends DomainError {
  override name = "PayloadTooLargeError";
  readonly status = 413;
  readonly code = "payload-too-large";
  constructor(message: string, maxBytes: number) {
    super(message);
    this.extra.maxBytes = maxBytes;
  }
}

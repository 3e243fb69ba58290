/**
 * What the data layer says went wrong, without knowing about HTTP. Route wrappers map each kind to
 * a status (lib/api/errors.ts); the message is for people and travels unchanged.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

export type DomainErrorKind =
  | "not_found"
  | "conflict"
  | "invalid"
  | "forbidden"
  | "too_large"
  | "gone"
  | "busy"
  | "corrupt";

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFound extends DomainError {
  readonly kind = "not_found";
  override readonly name = "NotFound";
}

/** The change collides with what is stored (a taken email or address). */
export class Conflict extends DomainError {
  readonly kind = "conflict";
  override readonly name = "Conflict";
}

/** The input breaks a rule of the entity (a name too long, a retention out of range). */
export class Invalid extends DomainError {
  readonly kind = "invalid";
  override readonly name = "Invalid";
}

/** The caller is known but this entity refuses them (an invite for another address). */
export class Forbidden extends DomainError {
  readonly kind = "forbidden";
  override readonly name = "Forbidden";
}

/** The input is larger than the entity accepts. */
export class TooLarge extends DomainError {
  readonly kind = "too_large";
  override readonly name = "TooLarge";
}

/** The thing existed but is used up (a consumed invite or reset token). */
export class Gone extends DomainError {
  readonly kind = "gone";
  override readonly name = "Gone";
}

/** Another writer holds the thing right now; the same call may succeed after `retryAfterSeconds`. */
export class Busy extends DomainError {
  readonly kind = "busy";
  override readonly name = "Busy";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** A stored record does not match its schema (written by a bug or by hand): nothing the caller can fix. */
export class Corrupt extends DomainError {
  readonly kind = "corrupt";
  override readonly name = "Corrupt";
}

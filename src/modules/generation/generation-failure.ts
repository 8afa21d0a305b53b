/** A generation ends here, with a message its requester can act on. */
export class GenerationFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'GenerationFailure';
    this.code = code;
  }
}

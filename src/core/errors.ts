/** A problem with the user's input (unreadable file, no table, bad option): shown as one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

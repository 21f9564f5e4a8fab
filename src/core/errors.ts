/**
 * A problem with the user's input (unreadable file, no table, bad option): shown as one line, in
 * the user's language. `message` is the English text (logs, the command line); `text` holds both
 * languages. Callers that have only one text pass a string (it then serves both languages).
 */
import type { Message } from "./model";

export class InputError extends Error {
  /** The message in Indonesian and English. */
  readonly text: Message;

  constructor(message: string | Message) {
    const text = typeof message === "string" ? { id: message, en: message } : message;
    super(text.en);
    this.name = "InputError";
    this.text = text;
  }
}

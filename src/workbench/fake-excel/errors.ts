/**
 * Errors shaped like OfficeExtension.Error: `code`, `message`, `debugInfo` with `code`, `message`
 * and `errorLocation`, and `name` "RichApi.Error".
 */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string; statement?: string };
  readonly traceMessages: string[] = [];
  readonly innerError: unknown = null;

  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function officeError(code: string, message: string, errorLocation?: string): FakeOfficeError {
  return new FakeOfficeError(code, message, errorLocation);
}

/** Excel.ErrorCodes (the subset that matters here plus the common ones). */
export const ErrorCodes = {
  accessDenied: "AccessDenied",
  apiNotFound: "ApiNotFound",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidOperationInCellEditMode: "InvalidOperationInCellEditMode",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  notImplemented: "NotImplemented",
  unsupportedOperation: "UnsupportedOperation",
  invalidObjectPath: "InvalidObjectPath",
  propertyNotLoaded: "PropertyNotLoaded",
  requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
} as const;

export const PROTECTED_MESSAGE =
  "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. You might be requested to enter a password.";

/**
 * A KMS error as the AWS JSON 1.1 protocol carries it: the SDK turns `__type` into the typed
 * exception of the same name (NotFoundException, InvalidCiphertextException, ...).
 */
export class KmsError extends Error {
  override name = "KmsError";
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new KmsError("ValidationException", message);

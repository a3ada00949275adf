/**
 * A test control that cannot be carried out, such as approving an unknown user code.
 * `status` is the HTTP status the `/__fake/` admin endpoints respond with.
 */
export class FakeControlError extends Error {
  readonly status: 400 | 404 | 409

  constructor(status: 400 | 404 | 409, message: string) {
    super(message)
    this.name = 'FakeControlError'
    this.status = status
  }
}

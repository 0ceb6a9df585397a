/** The audit record could not be written, so the act it records is refused (503), never done unaudited. */
export class AuditUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('The audit log cannot be written right now, so nothing was read or changed; try again in a minute.', options);
    this.name = 'AuditUnavailableError';
  }
}

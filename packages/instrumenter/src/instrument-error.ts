/** The source could not be instrumented (a syntax error, nearly always): run it as it is. */
export class InstrumentError extends Error {
  override name = 'InstrumentError';
  constructor(
    message: string,
    readonly filename: string,
    readonly line: number | null,
    readonly column: number | null,
  ) {
    super(message);
  }
}

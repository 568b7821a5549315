/** The one-line message of anything thrown: an Error's message, else its text (a string, a number, …). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The two ways the command line fails on purpose. main.ts prints the message
 * as one line, "arena: <message>", and exits with the code: no stack trace,
 * because these are the user's problems to fix, not ours.
 */

/** Exit code 2: the command line itself is wrong (flags, values, names, files that are not there). */
export const EXIT_USAGE = 2
/** Exit code 1: the command line was fine but something failed (a strategy does not load, faults found). */
export const EXIT_FAILURE = 1

export class CliError extends Error {
  override name = 'CliError'
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message)
  }
}

/** A mistake on the command line: exit code 2. */
export class UsageError extends CliError {
  override name = 'UsageError'
  constructor(message: string) {
    super(message, EXIT_USAGE)
  }
}

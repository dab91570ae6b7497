// Errors are classified by what they are, not by a list the CLI keeps: every problem the person
// running handoff can fix extends `UserError`; anything else reaching the CLI is a bug.

/** A problem the person running handoff can fix (an input, the contract, an argument, the disk); its message is the full sentence to print. */
export class UserError extends Error {
  override name = 'UserError';
}

// Messages carry text from the inputs and the contract (a header, an owner's name, a file name);
// a control sequence in it would be acted on by the terminal: an OSC 8 link under innocent words,
// a new window title, cursor moves and carriage returns that hide or rewrite earlier lines, bidi
// overrides that show text in another order than it is. The CLI prints only through `printable`.

/**
 * C0 controls other than tab and newline, DEL, C1 controls (0x80–0x9f: 0x9b is a one-byte CSI),
 * and the Unicode bidi marks, overrides and isolates.
 */
const UNPRINTABLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every unprintable character written as a visible escape (`\u001b`), so nothing is lost. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Makes everything written to `stream` printable. Installed on stdout and stderr by the CLI, so
 * every message (progress, warnings, errors, a stack trace) is covered, including ones added later.
 */
export function printOnlyPrintable(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: string, encoding: BufferEncoding, callback?: (error?: Error | null) => void) => boolean;
  stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((error?: Error | null) => void), callback?: (error?: Error | null) => void) => {
    const text = printable(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return typeof encoding === 'function' ? write(text, 'utf8', encoding) : write(text, 'utf8', callback);
  }) as NodeJS.WriteStream['write'];
}

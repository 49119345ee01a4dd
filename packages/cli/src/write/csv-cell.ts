/** Characters that make a spreadsheet read a cell as a formula. */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Protects a text cell from being run as a spreadsheet formula (`=HYPERLINK(...)` typed into a
 * self-report would otherwise run when a partner opens the file in Excel): a leading `'` is added
 * before `= + - @`, a tab or a carriage return, and before a `'` already followed by one of those
 * or another `'`, so `unguardFormula` gives back the exact text.
 */
export function guardFormula(text: string): string {
  return formulaStart.test(text) || /^'[=+\-@\t\r']/.test(text) ? `'${text}` : text;
}

/** Undoes `guardFormula` on a text cell read from CSV. */
export function unguardFormula(text: string): string {
  return /^'[=+\-@\t\r']/.test(text) ? text.slice(1) : text;
}

/** Quotes a cell for CSV when it holds the delimiter, a quote, a line break or a semicolon. */
export function csvCell(text: string, delimiter = ','): string {
  return text.includes(delimiter) || /["\r\n;]/.test(text)
    ? `"${text.replaceAll('"', '""')}"`
    : text;
}

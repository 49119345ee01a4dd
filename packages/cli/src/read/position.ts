import type { SourcePosition } from './record-entry.js';

/** The position of `text[offset]`, for a text that starts at `start`. */
export function positionIn(text: string, offset: number, start: SourcePosition): SourcePosition {
  let line = start.line;
  let lineStart = -(start.column - 1);
  let newline = text.indexOf('\n');
  while (newline !== -1 && newline < offset) {
    line += 1;
    lineStart = newline + 1;
    newline = text.indexOf('\n', newline + 1);
  }
  return { line, column: offset - lineStart + 1 };
}

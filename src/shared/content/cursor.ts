// The content cursor travels as a decimal string; these helpers are the one place that reads it.
const CURSOR_PATTERN = /^(0|[1-9]\d{0,14})$/

/** Parses a cursor; answers undefined for anything that is not a cursor this server could have issued. */
export function parseCursor(value: string): number | undefined {
  return CURSOR_PATTERN.test(value) ? Number(value) : undefined
}

export function formatCursor(version: number): string {
  return String(version)
}

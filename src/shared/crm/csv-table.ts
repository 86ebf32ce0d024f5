/**
 * RFC 4180 CSV: fields separated by commas, quoted with double quotes ("" inside is one quote),
 * records separated by CRLF (LF and CR alone are accepted too, as spreadsheets write them).
 */

/** One record with the line it starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** The records of a CSV text, and an error when a quote is never closed. */
export function parseCsvTable(text: string): { records: CsvRecord[]; unclosedQuoteLine?: number } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 0;
  const endField = (): void => {
    fields.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source.charAt(i);
    if (quoted) {
      if (char === '"') {
        if (source.charAt(i + 1) === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && source.charAt(i + 1) !== '\n')) line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field.length === 0) {
      quoted = true;
      quoteLine = line;
    } else if (char === ',') endField();
    else if (char === '\r' || char === '\n') {
      if (char === '\r' && source.charAt(i + 1) === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += char;
  }
  if (quoted) return { records, unclosedQuoteLine: quoteLine };
  if (field.length > 0 || fields.length > 0) endRecord();
  return { records };
}

/** Quotes a field when it holds a comma, a quote, a line break or edge spaces. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/u.test(value) ? `"${value.replace(/"/gu, '""')}"` : value;
}

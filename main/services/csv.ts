/**
 * A small RFC 4180 CSV reader for label and clinical files: quoted fields (with "" and newlines),
 * CRLF/LF, a UTF-8 BOM, blank lines ignored. Each record keeps the line number it starts on, so
 * errors can name it.
 */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let cells: string[] = [];
  let cell = '';
  let recordLine = 1;
  let quoted = false;
  let wasQuoted = false;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === '' && !wasQuoted))
      records.push({ line: recordLine, cells });
    cells = [];
    cell = '';
    wasQuoted = false;
  };
  for (let n = 0; n < src.length; n++) {
    const c = src[n];
    if (quoted) {
      if (c === '"') {
        if (src[n + 1] === '"') {
          cell += '"';
          n++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell.trim() !== '') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      cell = '';
      quoted = true;
      wasQuoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[n + 1] === '\n') n++;
      endRecord();
      line++;
      recordLine = line;
    } else cell += c;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, 'unterminated quoted field');
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}

/** Header names normalised for matching: trimmed, lower case, spaces and dashes as underscores. */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

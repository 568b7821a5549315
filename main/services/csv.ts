/**
 * A small RFC 4180 CSV reader for label and clinical files: quoted fields (with "" and newlines),
 * CRLF/LF, a UTF-8 BOM, blank lines ignored. Each record keeps the line number it starts on, so
 * errors can name it. The separator is the one the header line uses: a comma, else a semicolon (what a
 * spreadsheet writes where the decimal separator is a comma), else a tab.
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

export type CsvSeparator = ',' | ';' | '\t';

/** The separator of the first line outside quotes: ',' if it has one, else ';', else a tab, else ','. */
export function csvSeparator(text: string): CsvSeparator {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  return counts[','] > 0 ? ',' : counts[';'] > 0 ? ';' : counts['\t'] > 0 ? '\t' : ',';
}

export function parseCsv(text: string, separator: CsvSeparator = csvSeparator(text)): CsvRecord[] {
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
    } else if (c === separator) {
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

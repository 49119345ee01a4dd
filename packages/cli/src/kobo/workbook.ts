import type ExcelJS from 'exceljs';

/** exceljs, loaded on first use: every other `talap` command starts without it. */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** What one spreadsheet cell holds once read: formulas give their result, rich text its text. */
export type CellValue = string | number | boolean | Date;

/** One row of a sheet below its header row, with its row number as a spreadsheet shows it. */
export interface SheetRow<T = string> {
  /** The row number in the sheet (the header is row 1). */
  readonly number: number;
  /** The cells by column header; empty cells are absent. */
  readonly cells: Readonly<Record<string, T>>;
  /** The cells in column order (index 0 is column A), empty cells undefined. */
  readonly values: readonly (T | undefined)[];
}

/** One sheet: its header row and the rows below it (rows with no value are left out). */
export interface Sheet<T = string> {
  readonly name: string;
  /** The header row, in column order (index 0 is column A). */
  readonly columns: readonly string[];
  readonly rows: readonly SheetRow<T>[];
}

/** The spreadsheet letter of a column index (0 is `A`, 26 is `AA`). */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

function plain(value: ExcelJS.CellValue): CellValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return value;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return plain(value.text);
  if ('result' in value) return plain(value.result);
  return undefined;
}

/** The text of a cell as a person reads it: dates as `YYYY-MM-DD` (or an ISO timestamp with a time). */
export function cellText(value: CellValue | undefined): string {
  if (value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return String(value);
}

/**
 * Reads every sheet of an .xlsx workbook with typed cells. Throws when the bytes are not an
 * .xlsx workbook; callers turn that into a message.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheet<CellValue>[]> {
  const workbook = new (await excel()).Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const sheets: Sheet<CellValue>[] = [];
  workbook.eachSheet((worksheet) => {
    const header = worksheet.getRow(1);
    const width = Math.max(header.cellCount, worksheet.columnCount);
    const columns: string[] = [];
    for (let index = 0; index < width; index++) {
      columns.push(cellText(plain(header.getCell(index + 1).value)).trim());
    }
    while (columns.length > 0 && columns[columns.length - 1] === '') columns.pop();
    const rows: SheetRow<CellValue>[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells: Record<string, CellValue> = {};
      const values: (CellValue | undefined)[] = [];
      let any = false;
      for (let index = 0; index < Math.max(columns.length, row.cellCount); index++) {
        const value = plain(row.getCell(index + 1).value);
        const blank = value === undefined || (typeof value === 'string' && value.trim() === '');
        values.push(blank ? undefined : value);
        if (blank) continue;
        any = true;
        const column = columns[index];
        if (column !== undefined && column !== '' && !(column in cells)) cells[column] = value;
      }
      if (any) rows.push({ number, cells, values });
    });
    sheets.push({ name: worksheet.name, columns, rows });
  });
  return sheets;
}

/** A sheet with every cell turned into text. */
export function textSheet(sheet: Sheet<CellValue>): Sheet {
  return {
    name: sheet.name,
    columns: sheet.columns,
    rows: sheet.rows.map((row) => ({
      number: row.number,
      cells: Object.fromEntries(
        Object.entries(row.cells).map(([column, value]) => [column, cellText(value)]),
      ),
      values: row.values.map((value) => (value === undefined ? undefined : cellText(value))),
    })),
  };
}

/** Writes sheets to an .xlsx workbook, header row bold and frozen. */
export async function writeWorkbook(sheets: readonly Sheet<CellValue>[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  workbook.creator = 'talap';
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    worksheet.addRow([...sheet.columns]).font = { bold: true };
    for (const row of sheet.rows) {
      worksheet.addRow(sheet.columns.map((column) => row.cells[column] ?? null));
    }
    sheet.columns.forEach((column, index) => {
      worksheet.getColumn(index + 1).width = column.startsWith('label') ? 40 : 18;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

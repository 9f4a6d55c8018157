/** exceljs (about 30 MiB resident) is loaded by the first spreadsheet a node makes or reads, not at start. */
const excel = () => import('exceljs').then((m) => m.default);

/** A cell that a spreadsheet program could take for a formula gets an apostrophe first (CSV/formula injection). */
export const safeCell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/**
 * One sheet as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read accents right) or XLSX. Every
 * string cell is made formula-safe.
 */
export async function sheet(format: 'csv' | 'xlsx', name: string, columns: { header: string; key: string; width?: number }[], rows: Record<string, string | number | null>[]): Promise<Buffer> {
  const wb = new (await excel()).Workbook();
  const ws = wb.addWorksheet(name.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 20 }));
  for (const r of rows) ws.addRow(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? safeCell(v) : (v ?? '')])));
  ws.getRow(1).font = { bold: true };
  return format === 'csv' ? Buffer.concat([Buffer.from('\ufeff'), Buffer.from(await wb.csv.writeBuffer())]) : Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rows of a CSV file as objects keyed by the header row (lower-cased, trimmed); a byte-order mark is ignored. */
export async function readCsv(bytes: Buffer): Promise<Record<string, string>[]> {
  const wb = new (await excel()).Workbook();
  const { Readable } = await import('node:stream');
  const text = bytes.toString('utf8').replace(/^\ufeff/, '');
  const ws = await wb.csv.read(Readable.from([text]), { parserOptions: { ltrim: true, rtrim: true } });
  const header = (ws.getRow(1).values as unknown[]).slice(1).map((h) => String(h ?? '').trim().toLowerCase());
  const rows: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] === undefined || values[i] === null ? '' : String(values[i] instanceof Date ? (values[i] as Date).toISOString() : values[i]).trim()])));
  });
  return rows;
}

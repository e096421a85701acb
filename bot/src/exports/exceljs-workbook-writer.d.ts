// exceljs's streaming workbook writer on its own (its package's entry also loads the reader, the CSV support and the
// in-memory workbook: 5 MB of the export thread's heap it never uses). The class is the one `exceljs` exports as
// `stream.xlsx.WorkbookWriter`.
declare module "exceljs/lib/stream/xlsx/workbook-writer.js" {
  import type { stream } from "exceljs";
  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}

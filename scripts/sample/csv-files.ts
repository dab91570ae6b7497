import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTIVITY_COLUMNS,
  type ActivityRow,
  DEAL_COLUMNS,
  type DatasetSink,
  type DealRow,
  FILE_NAMES,
  type FileKind,
  LEAD_COLUMNS,
  LEAD_EVENT_COLUMNS,
  type LeadEventRow,
  type LeadRow,
  countLineBreaks,
  csvLine,
} from './rows.ts';

const CHUNK_CHARS = 1 << 20;

/**
 * One CSV written through a 1 MiB text buffer with synchronous writes: the generator never holds
 * more than a chunk per file, and there is no stream backpressure to juggle in a synchronous loop.
 * The file appears under its final name only when complete, so an interrupted run leaves no
 * half-written input behind.
 */
class CsvFile {
  readonly path: string;
  private readonly partialPath: string;
  private readonly fd: number;
  private buffer = '';
  private line = 2;
  rows = 0;
  bytes = 0;

  constructor(path: string, columns: readonly string[]) {
    this.path = path;
    this.partialPath = `${path}.partial`;
    this.fd = openSync(this.partialPath, 'w');
    this.buffer = `${columns.join(',')}\n`;
  }

  append(text: string): number {
    const at = this.line;
    this.line += 1 + (text.includes('\n') ? countLineBreaks(text) : 0);
    this.buffer += text;
    this.buffer += '\n';
    this.rows++;
    if (this.buffer.length >= CHUNK_CHARS) this.flush();
    return at;
  }

  private flush(): void {
    if (this.buffer === '') return;
    const data = Buffer.from(this.buffer, 'utf8');
    writeSync(this.fd, data);
    this.bytes += data.length;
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.partialPath, this.path);
  }
}

export interface FileStats {
  file: string;
  rows: number;
  bytes: number;
}

/** Writes the four canonical files into a folder. */
export class CsvFolderSink implements DatasetSink {
  private readonly files: Record<FileKind, CsvFile>;

  constructor(folder: string) {
    mkdirSync(folder, { recursive: true });
    this.files = {
      leads: new CsvFile(join(folder, FILE_NAMES.leads), LEAD_COLUMNS),
      leadEvents: new CsvFile(join(folder, FILE_NAMES.leadEvents), LEAD_EVENT_COLUMNS),
      activities: new CsvFile(join(folder, FILE_NAMES.activities), ACTIVITY_COLUMNS),
      deals: new CsvFile(join(folder, FILE_NAMES.deals), DEAL_COLUMNS),
    };
  }

  lead(row: LeadRow): number {
    return this.files.leads.append(csvLine(LEAD_COLUMNS, row));
  }
  leadEvent(row: LeadEventRow): number {
    return this.files.leadEvents.append(csvLine(LEAD_EVENT_COLUMNS, row));
  }
  activity(row: ActivityRow): number {
    return this.files.activities.append(csvLine(ACTIVITY_COLUMNS, row));
  }
  deal(row: DealRow): number {
    return this.files.deals.append(csvLine(DEAL_COLUMNS, row));
  }

  rowCount(kind: FileKind): number {
    return this.files[kind].rows;
  }

  close(): FileStats[] {
    return (Object.keys(this.files) as FileKind[]).map((kind) => {
      const f = this.files[kind];
      f.close();
      return { file: FILE_NAMES[kind], rows: f.rows, bytes: f.bytes };
    });
  }
}

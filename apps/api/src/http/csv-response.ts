import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';

export const CSV = 'text/csv';

/** How a CSV answer is written: spreadsheet users in Germany open `;`-separated files with a BOM directly. */
export class CsvOptionsDto {
  @ApiPropertyOptional({ default: false, description: 'Start with a UTF-8 byte order mark, so that spreadsheet programs read umlauts right' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'bom must be true or false' })
  bom?: boolean;

  @ApiPropertyOptional({ enum: [',', ';'], default: ',', description: 'Field separator; `;` is what German spreadsheet programs expect' })
  @IsOptional()
  @IsIn([',', ';'], { message: 'separator must be , or ;' })
  separator?: ',' | ';';
}

export interface CsvColumn<Row> {
  readonly header: string;
  readonly value: (row: Row) => string | number | null | undefined;
}

/**
 * Streams `pages` as CSV (RFC 4180, CRLF line ends), one page at a time: a large export never sits in memory,
 * and a client that hangs up stops the reading.
 */
export async function sendCsv<Row>(
  response: Response,
  filename: string,
  columns: readonly CsvColumn<Row>[],
  pages: AsyncIterable<readonly Row[]>,
  { bom = false, separator = ',' }: CsvOptionsDto,
): Promise<void> {
  response.status(200).type(`${CSV}; charset=utf-8`).setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  const records = Readable.from(recordsOf(columns, pages), { objectMode: true });
  // Text a spreadsheet would run as a formula (= + - @ tab CR first) gets a leading apostrophe: titles,
  // notes and reasons are written by many hands, and evaluators open the files in Excel.
  // A line break of any kind inside a field is quoted: with CRLF records, csv-stringify would otherwise
  // quote only CRLF and leave a bare LF or CR, which splits the record for most readers.
  const csv = stringify({
    bom,
    delimiter: separator,
    record_delimiter: 'windows',
    quote_record_delimiter: true,
    header: true,
    columns: columns.map((column) => column.header),
    escape_formulas: true,
  });
  await pipeline(records, csv, response);
}

async function* recordsOf<Row>(columns: readonly CsvColumn<Row>[], pages: AsyncIterable<readonly Row[]>): AsyncGenerator<(string | number)[]> {
  for await (const page of pages) for (const row of page) yield columns.map((column) => column.value(row) ?? '');
}

import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

// How a warehouse value reaches TypeScript, decided once for the generated `Database` interface
// (the type) and for `Db.rows` (the value), so the two cannot disagree:
//   integers of any width (INTEGER, BIGINT, HUGEINT…) → number. Every integer the warehouse holds
//     is a count, a row number, a line or a minute, far below 2^53; a value past
//     Number.MAX_SAFE_INTEGER throws rather than silently rounding. (Sums of money are exact in
//     cents where they matter: outcomes.ts casts them to VARCHAR and reads a bigint.)
//   DECIMAL, DOUBLE, FLOAT → number (a DECIMAL is read through its double).
//   TIMESTAMP, TIMESTAMP WITH TIME ZONE → an ISO string in UTC, `2026-10-14T12:00:00.000Z`; every
//     instant in the warehouse is a naive TIMESTAMP holding UTC. Never a JS Date: node-api cannot
//     bind one as a parameter, and a Date invites local-time reading.
//   DATE → `yyyy-mm-dd`; VARCHAR and JSON → string; BOOLEAN → boolean; T[] → array of T.

const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/** The TypeScript type of a DuckDB column type (as `duckdb_columns().data_type` spells it); throws for a type not mapped yet. */
export function tsTypeOf(dataType: string): string {
  if (dataType.endsWith('[]')) return `${tsTypeOf(dataType.slice(0, -2))}[]`;
  if (INTEGER_TYPES.has(dataType) || dataType === 'DOUBLE' || dataType === 'FLOAT' || /^DECIMAL\(\d+,\d+\)$/.test(dataType)) return 'number';
  if (dataType === 'VARCHAR' || dataType === 'JSON' || dataType === 'DATE' || dataType === 'TIMESTAMP' || dataType === 'TIMESTAMP WITH TIME ZONE') return 'string';
  if (dataType === 'BOOLEAN') return 'boolean';
  throw new Error(`no TypeScript type for the DuckDB type ${dataType}: add it to pipeline/warehouse/values.ts`);
}

/** A value as read by node-api, in the form `tsTypeOf` promises. */
export function plainValue(value: DuckDBValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new Error(`integer ${value} is past 2^53 and cannot be a number`);
    return Number(value);
  }
  if (value instanceof DuckDBDecimalValue) return value.toDouble();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) return isoInstant(value.micros);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBListValue) return value.items.map(plainValue);
  throw new Error(`no plain form for the DuckDB value ${String(value)}`);
}

/** Microseconds since the epoch as a UTC ISO string, with microseconds only when there are any. */
function isoInstant(micros: bigint): string {
  const rest = ((micros % 1000n) + 1000n) % 1000n;
  const iso = new Date(Number((micros - rest) / 1000n)).toISOString();
  return rest === 0n ? iso : `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`;
}

import { readFile } from "node:fs/promises";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import type pg from "pg";

// Compares the Prisma schema (through Prisma's own schema parser) with a migrated database:
// enums, tables, columns (type, precision, nullability, default), primary keys, indexes and
// foreign keys, in both directions. Triggers and functions are SQL-only and not compared.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfEnum {
  name: string;
  dbName: string | null;
  values: { name: string; dbName: string | null }[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  algorithm?: string;
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: DmmfEnum[]; indexes: DmmfIndex[] };
}

export async function readDmmf(schemaPath: string): Promise<Dmmf> {
  const prismaSchema = await readFile(schemaPath, "utf8");
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

const columnOf = (field: DmmfField) => field.dbName ?? field.name;
const tableOf = (model: DmmfModel) => model.dbName ?? model.name;

function expectedUdt(field: DmmfField, enums: Map<string, string>): string {
  if (field.kind === "enum") return enums.get(field.type) ?? field.type;
  const native = field.nativeType?.[0];
  const byType: Record<string, string> = {
    Int: "int4",
    BigInt: "int8",
    Boolean: "bool",
    Float: "float8",
    Decimal: "numeric",
    Bytes: "bytea",
    String: native === "Uuid" ? "uuid" : native === "VarChar" ? "varchar" : native === "Citext" ? "citext" : "text",
    DateTime: native === "Timestamptz" ? "timestamptz" : native === "Date" ? "date" : "timestamp",
    Json: native === "Json" ? "json" : "jsonb",
  };
  return byType[field.type] ?? `unknown(${field.type})`;
}

function expectedDefault(field: DmmfField, udt: string): string | null {
  if (!field.hasDefaultValue) return null;
  const value = field.default;
  if (value && typeof value === "object" && "name" in value) {
    const fn = value as { name: string; args: unknown[] };
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0]);
    if (fn.name === "autoincrement") return "nextval(";
    return `${fn.name}()`;
  }
  // A list's empty default, as PostgreSQL writes it back.
  if (field.isList && Array.isArray(value) && value.length === 0) return `'{}'::${udt}[]`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // BigInt and Decimal defaults arrive as strings.
  if (["BigInt", "Decimal", "Float", "Int"].includes(field.type)) return String(value);
  if (typeof value === "string") {
    const cast = field.kind === "enum" ? `"${udt}"` : udt === "text" ? "text" : udt;
    return `'${value}'::${cast}`;
  }
  return JSON.stringify(value);
}

const onDeleteCodes: Record<string, string> = {
  Cascade: "c",
  SetNull: "n",
  Restrict: "r",
  NoAction: "a",
  SetDefault: "d",
};

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: "YES" | "NO";
  column_default: string | null;
  datetime_precision: number | null;
}
interface DbIndex {
  table: string;
  name: string;
  is_unique: boolean;
  is_primary: boolean;
  method: string;
  columns: string[];
}
interface DbForeignKey {
  name: string;
  table: string;
  ref_table: string;
  on_delete: string;
  columns: string[];
  ref_columns: string[];
}

async function readDatabase(client: pg.Client) {
  const [tables, columns, enums, indexes, foreignKeys] = await Promise.all([
    client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    ),
    client.query<DbColumn>(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, datetime_precision
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'`,
    ),
    client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname = current_schema() GROUP BY t.typname`,
    ),
    client.query<DbIndex>(
      `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
              am.amname AS method, array_agg(a.attname ORDER BY k.ord)::text[] AS columns
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_am am ON am.oid = i.relam
        CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
        GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname`,
    ),
    client.query<DbForeignKey>(
      `SELECT con.conname AS name, src.relname AS table, dst.relname AS ref_table, con.confdeltype AS on_delete,
              (SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text[] AS columns,
              (SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text[] AS ref_columns
         FROM pg_constraint con
         JOIN pg_class src ON src.oid = con.conrelid
         JOIN pg_class dst ON dst.oid = con.confrelid
         JOIN pg_namespace n ON n.oid = src.relnamespace
        WHERE con.contype = 'f' AND n.nspname = current_schema()`,
    ),
  ]);
  return {
    tables: new Set(tables.rows.map((row) => row.table_name)),
    columns: columns.rows,
    enums: new Map(enums.rows.map((row) => [row.name, row.values])),
    indexes: indexes.rows,
    foreignKeys: foreignKeys.rows,
  };
}

/** Returns one line per disagreement; an empty list means schema.prisma and the database agree. */
export async function findSchemaDrift(client: pg.Client, dmmf: Dmmf): Promise<string[]> {
  const db = await readDatabase(client);
  const problems: string[] = [];
  const { models, enums, indexes } = dmmf.datamodel;
  const enumDbNames = new Map(enums.map((item) => [item.name, item.dbName ?? item.name]));
  const modelsByName = new Map(models.map((model) => [model.name, model]));

  for (const item of enums) {
    const name = item.dbName ?? item.name;
    const actual = db.enums.get(name);
    const expected = item.values.map((value) => value.dbName ?? value.name);
    if (!actual) problems.push(`enum ${name} is missing from the database`);
    else if (actual.join(",") !== expected.join(",")) {
      problems.push(`enum ${name}: database has (${actual.join(", ")}), schema has (${expected.join(", ")})`);
    }
  }
  for (const name of db.enums.keys()) {
    if (![...enumDbNames.values()].includes(name)) problems.push(`enum ${name} exists only in the database`);
  }

  const expectedTables = new Set(models.map(tableOf));
  for (const table of db.tables)
    if (!expectedTables.has(table)) problems.push(`table ${table} exists only in the database`);

  for (const model of models) {
    const table = tableOf(model);
    if (!db.tables.has(table)) {
      problems.push(`table ${table} (model ${model.name}) is missing from the database`);
      continue;
    }
    const dbColumns = new Map(
      db.columns.filter((col) => col.table_name === table).map((col) => [col.column_name, col]),
    );
    const scalarFields = model.fields.filter((field) => field.kind === "scalar" || field.kind === "enum");
    for (const field of scalarFields) {
      const where = `${table}.${columnOf(field)}`;
      const column = dbColumns.get(columnOf(field));
      if (!column) {
        problems.push(`column ${where} (${model.name}.${field.name}) is missing from the database`);
        continue;
      }
      const udt = expectedUdt(field, enumDbNames);
      const actualUdt = field.isList ? column.udt_name.replace(/^_/, "") : column.udt_name;
      if (actualUdt !== udt || field.isList !== (column.data_type === "ARRAY")) {
        problems.push(
          `column ${where}: database type ${column.udt_name}, schema expects ${field.isList ? "_" : ""}${udt}`,
        );
      }
      if (field.type === "DateTime" && udt !== "date") {
        const precision = Number(field.nativeType?.[1]?.[0] ?? 3);
        if (column.datetime_precision !== precision) {
          problems.push(`column ${where}: precision ${column.datetime_precision}, schema expects ${precision}`);
        }
      }
      const shouldBeNullable = !field.isRequired || field.isList;
      // Prisma's schema cannot say NOT NULL for a list; a migration may add it where the list has a default.
      const isNotNullList = field.isList && field.hasDefaultValue && column.is_nullable === "NO";
      if ((column.is_nullable === "YES") !== shouldBeNullable && !isNotNullList) {
        problems.push(`column ${where}: ${column.is_nullable === "YES" ? "nullable" : "NOT NULL"} in the database`);
      }
      const expected = expectedDefault(field, udt);
      const actual = column.column_default;
      const defaultMatches =
        expected === null
          ? actual === null
          : expected === "nextval("
            ? !!actual?.startsWith("nextval(")
            : actual === expected;
      if (!defaultMatches)
        problems.push(`column ${where}: default ${actual ?? "none"}, schema expects ${expected ?? "none"}`);
    }
    const fieldColumns = new Set(scalarFields.map(columnOf));
    for (const name of dbColumns.keys()) {
      if (!fieldColumns.has(name)) problems.push(`column ${table}.${name} exists only in the database`);
    }
  }

  const indexName = (index: DmmfIndex, table: string, columns: string[]) =>
    index.dbName ??
    `${table}_${index.type === "id" ? "pkey" : `${columns.join("_")}_${index.type === "unique" ? "key" : "idx"}`}`;
  const expectedIndexNames = new Set<string>();
  for (const index of indexes) {
    const model = modelsByName.get(index.model);
    if (!model) continue;
    const table = tableOf(model);
    const columns = index.fields.map((ref) => {
      const field = model.fields.find((candidate) => candidate.name === ref.name);
      return field ? columnOf(field) : ref.name;
    });
    const name = indexName(index, table, columns);
    expectedIndexNames.add(name);
    const actual = db.indexes.find((candidate) => candidate.name === name);
    if (!actual) {
      problems.push(`index ${name} on ${table}(${columns.join(", ")}) is missing from the database`);
      continue;
    }
    const method = (index.algorithm ?? "BTree").toLowerCase();
    if (actual.table !== table || actual.columns.join(",") !== columns.join(",")) {
      problems.push(
        `index ${name}: database covers ${actual.table}(${actual.columns.join(", ")}), schema ${table}(${columns.join(", ")})`,
      );
    }
    if (actual.is_primary !== (index.type === "id")) problems.push(`index ${name}: primary key mismatch`);
    if (actual.is_unique !== (index.type === "id" || index.type === "unique"))
      problems.push(`index ${name}: uniqueness mismatch`);
    if (actual.method !== method) problems.push(`index ${name}: method ${actual.method}, schema expects ${method}`);
  }
  for (const index of db.indexes) {
    if (!expectedIndexNames.has(index.name))
      problems.push(`index ${index.name} on ${index.table} exists only in the database`);
  }

  const expectedForeignKeys = new Set<string>();
  for (const model of models) {
    const table = tableOf(model);
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const target = modelsByName.get(field.type);
      if (!target) continue;
      const columns = field.relationFromFields.map((name) =>
        columnOf(model.fields.find((f) => f.name === name) ?? field),
      );
      const refColumns = (field.relationToFields ?? []).map((name) =>
        columnOf(target.fields.find((f) => f.name === name) ?? field),
      );
      const name = `${table}_${columns.join("_")}_fkey`;
      expectedForeignKeys.add(name);
      const actual = db.foreignKeys.find((fk) => fk.name === name);
      if (!actual) {
        problems.push(`foreign key ${name} (${model.name}.${field.name}) is missing from the database`);
        continue;
      }
      const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
      if (
        actual.ref_table !== tableOf(target) ||
        actual.columns.join() !== columns.join() ||
        actual.ref_columns.join() !== refColumns.join()
      ) {
        problems.push(`foreign key ${name}: database references ${actual.ref_table}(${actual.ref_columns.join(", ")})`);
      }
      if (actual.on_delete !== onDeleteCodes[onDelete]) {
        problems.push(`foreign key ${name}: ON DELETE code ${actual.on_delete}, schema expects ${onDelete}`);
      }
    }
  }
  for (const fk of db.foreignKeys) {
    if (!expectedForeignKeys.has(fk.name))
      problems.push(`foreign key ${fk.name} on ${fk.table} exists only in the database`);
  }
  return problems;
}

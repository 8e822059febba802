// A leased queue in PostgreSQL: rows with a due time and an attempt count, worked by every app
// process at once. A claim takes due rows in one committed statement (FOR UPDATE SKIP LOCKED, so
// two workers never take one row), moves each one's due time to the end of a lease and counts the
// attempt, so no transaction stays open while the work runs and a worker that dies leaves the lease
// to run out, after which the row is claimed again. An outcome is written only while the claim
// still holds (the row in its claimed state with the attempt number this claim gave it): a worker
// that outlived its lease cannot overwrite a newer claim.
//
// The statements are built here once for every queue. What a queue adds are constants (its table
// and columns, checked against the schema's names and types) and SQL fragments written in its own
// module; every value travels as a parameter.

import "server-only";

import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** A column of the queue's table: a field name of its Prisma model. */
export type Column<Row> = Extract<keyof Row, string>;

export interface LeasedQueue<Row> {
  /** The table (a Prisma model name, never input). Its rows have a uuid "id". */
  table: Prisma.ModelName;
  /** When a row is next due; a claim moves it to the end of the lease. */
  dueAt: Column<Row>;
  /** How many times a row was claimed; a claim adds one, and an outcome names the number it gave. */
  attempts: Column<Row>;
  /** Which due rows a claim may take, over the alias `q` (e.g. q."status" = 'PENDING'). */
  claimable: Prisma.Sql;
  /** What a claim sets beside the lease and the count (e.g. "status" = 'SENDING'). */
  onClaim?: Prisma.Sql;
  /** The state a claimed row is in while its claim holds, over `q`: an outcome is written only then. */
  held: Prisma.Sql;
  /** The PostgreSQL type of each column an outcome writes that needs one named (enums). */
  casts?: Partial<Record<Column<Row>, string>>;
}

/** What an outcome is written for: the row and the attempt number its claim gave it. */
export interface Claim {
  id: string;
  attempts: number;
}

export interface ClaimOptions {
  now: Date;
  batch: number;
  leaseMs: number;
  /** More conditions on the due rows, over `q` (and the joined table), values as parameters. */
  where?: Prisma.Sql;
  /** A table each row is joined to, for `where` and `returning` (the row's webhook): never locked. */
  join?: { table: Prisma.ModelName; alias: string; on: Prisma.Sql };
  /** More the claim sets, values as parameters ("lastAttemptAt" = now). */
  set?: Prisma.Sql;
  /** The columns the claim answers with, over `q` and the joined table. */
  returning: Prisma.Sql;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A quoted identifier: only names of the schema's own shape pass, so no input can become SQL. */
export function identifier(name: string): Prisma.Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`Not an identifier: ${JSON.stringify(name)}`);
  return Prisma.raw(`"${name}"`);
}

/** The alias a join is known by (a short constant such as w). */
function alias(name: string): Prisma.Sql {
  if (!IDENTIFIER.test(name)) throw new Error(`Not an alias: ${JSON.stringify(name)}`);
  return Prisma.raw(name);
}

const and = (fragment: Prisma.Sql | undefined) => (fragment ? Prisma.sql` AND ${fragment}` : Prisma.empty);
const also = (fragment: Prisma.Sql | undefined) => (fragment ? Prisma.sql`, ${fragment}` : Prisma.empty);

/** The claim statement alone, for inspection (tests read its text and parameters). */
export function claimStatement<Row>(queue: LeasedQueue<Row>, options: ClaimOptions): Prisma.Sql {
  const table = identifier(queue.table);
  const dueAt = identifier(queue.dueAt);
  const attempts = identifier(queue.attempts);
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const join = options.join;
  const joined = join ? Prisma.sql` JOIN ${identifier(join.table)} ${alias(join.alias)} ON ${join.on}` : Prisma.empty;
  return Prisma.sql`
    WITH due AS (
      SELECT q."id" FROM ${table} q${joined}
      WHERE ${queue.claimable} AND q.${dueAt} <= ${options.now}${and(options.where)}
      ORDER BY q.${dueAt}
      LIMIT ${options.batch}
      FOR UPDATE OF q SKIP LOCKED
    )
    UPDATE ${table} q
    SET ${dueAt} = ${leaseUntil}, ${attempts} = q.${attempts} + 1${also(queue.onClaim)}${also(options.set)}
    FROM due${join ? Prisma.sql`, ${identifier(join.table)} ${alias(join.alias)}` : Prisma.empty}
    WHERE q."id" = due."id"${and(join?.on)}
    RETURNING ${options.returning}`;
}

/** Claims due rows (at most `batch`) for `leaseMs`, in one committed statement; answers them. */
export async function claimDue<Row, Claimed extends Claim>(queue: LeasedQueue<Row>, options: ClaimOptions): Promise<Claimed[]> {
  return db.$queryRaw<Claimed[]>(claimStatement(queue, options));
}

/** What an outcome writes: columns of the table, each a value (sent as a parameter) or a fragment. */
export type Outcome<Row> = { [K in Column<Row>]?: Row[K] | Prisma.Sql };

/** The outcome statement alone, for inspection. */
export function outcomeStatement<Row>(queue: LeasedQueue<Row>, claim: Claim, outcome: Outcome<Row>): Prisma.Sql {
  const assignments = (Object.entries(outcome) as Array<[Column<Row>, unknown]>)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => {
      if (value instanceof Prisma.Sql) return Prisma.sql`${identifier(column)} = ${value}`;
      const cast = queue.casts?.[column];
      return cast ? Prisma.sql`${identifier(column)} = ${value}::${identifier(cast)}` : Prisma.sql`${identifier(column)} = ${value}`;
    });
  if (assignments.length === 0) throw new Error("An outcome must write something.");
  return Prisma.sql`
    UPDATE ${identifier(queue.table)} q
    SET ${Prisma.join(assignments, ", ")}
    WHERE q."id" = ${claim.id}::uuid AND q.${identifier(queue.attempts)} = ${claim.attempts} AND ${queue.held}`;
}

/**
 * Writes a claimed row's outcome, only while the claim still holds. Answers whether it did: false
 * when the lease ran out and another claim took the row (that claim's outcome stands).
 */
export async function recordOutcome<Row>(queue: LeasedQueue<Row>, claim: Claim, outcome: Outcome<Row>): Promise<boolean> {
  return (await db.$executeRaw(outcomeStatement(queue, claim, outcome))) > 0;
}

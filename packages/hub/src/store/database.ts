/** Something SQL can be sent to: a database or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$1`-style parameters and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** The hub's storage: PGlite in a local folder, or a PostgreSQL server. */
export interface Database extends Queryable {
  /** `pglite` (embedded) or `postgres` (a server). */
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed (durably) when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Closes the connections and, for PGlite, the data folder. */
  close(): Promise<void>;
}

/** The role every organisation-scoped statement runs as, so row-level security applies even to a superuser connection. */
export const scopedRole = 'talap_hub_scoped';

/**
 * Runs `work` in a transaction that can only see and change one organisation's rows: the
 * organisation goes into a transaction-local setting that the row-level security policies read,
 * and the transaction switches to a role those policies bind.
 */
export function withOrganisation<T>(
  db: Database,
  organisationId: string,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('talap.organisation', $1, true)`, [organisationId]);
    await tx.query(`set local role ${scopedRole}`);
    return work(tx);
  });
}

import type pg from "pg";

// One session-level advisory lock per upload: only one worker reads an upload at a time, whichever
// machine it runs on, and the lock goes with the connection if the process dies.

const LOCK_NAMESPACE = 72_707_370;

/** Takes the upload's lock on this connection; false when another worker holds it. */
export async function tryLockUpload(client: pg.ClientBase, uploadId: string): Promise<boolean> {
  const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked", [
    LOCK_NAMESPACE,
    uploadId,
  ]);
  return result.rows[0]?.locked === true;
}

export async function unlockUpload(client: pg.ClientBase, uploadId: string): Promise<void> {
  await client.query("SELECT pg_advisory_unlock($1, hashtext($2))", [LOCK_NAMESPACE, uploadId]);
}

/** Whether no worker holds the upload (the lock goes with its connection when a process dies). */
export async function isUploadFree(pool: pg.Pool, uploadId: string): Promise<boolean> {
  const client = await pool.connect();
  try {
    const free = await tryLockUpload(client, uploadId);
    if (free) await unlockUpload(client, uploadId);
    return free;
  } finally {
    client.release();
  }
}

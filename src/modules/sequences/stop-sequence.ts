import type { Db } from '../../db/client.js';
import { getSequence } from './list-sequences.js';
import { stopSequences } from './sequences.js';

/**
 * Stops one enrolment by hand (`manual`). A sequence already completed or stopped stays as it is, so
 * stopping twice is harmless; the answer is the sequence as it now stands.
 */
export async function stopSequence(options: {
  db: Db;
  workspaceId: string;
  id: string;
  actorId: string | null;
}) {
  const { db, workspaceId, id } = options;
  return db.transaction(async (tx) => {
    const sequence = await getSequence({ db: tx, workspaceId, id });
    if (sequence.status !== 'active') return sequence;
    await stopSequences({
      tx,
      workspaceId,
      leadId: sequence.leadId,
      reason: 'manual',
      sequenceId: id,
      actorId: options.actorId,
    });
    return getSequence({ db: tx, workspaceId, id });
  });
}

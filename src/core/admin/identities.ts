/**
 * Removing one user mapping from a link, which the setup page offers beside adding one.
 */
import { and, eq } from 'drizzle-orm'

import { BridgeError } from '../errors.js'
import { toUserKey, type Identity } from '../links.js'
import type { BridgeDatabase } from '../storage/database.js'
import { identitiesTable } from '../storage/schema.js'

/** @throws BridgeError not_found when the user is not mapped to that link. */
export function removeIdentity(db: BridgeDatabase, linkId: number, identity: Identity): void {
  const result = db
    .delete(identitiesTable)
    .where(
      and(
        eq(identitiesTable.linkId, linkId),
        eq(identitiesTable.source, identity.source),
        eq(identitiesTable.userKey, toUserKey(identity.user)),
      ),
    )
    .run()
  if (result.changes === 0) throw new BridgeError('not_found', `${identity.source}:${identity.user} is not mapped to link ${linkId}.`)
}

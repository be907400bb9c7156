// Finds the one profile an event or API call is about, creating it on first sight. Email and external id
// are exact keys (store/contact-keys.ts); when two requests race to create the same contact, the key
// insert decides, and the loser uses the winner's contact.
import { Types } from 'mongoose';
import { emailKey, externalKey } from '../store/contact-keys';
import type { Store } from '../store/store';

export interface ContactRef {
  id?: string;
  email?: string;
  externalId?: string;
}

export class ContactNotFoundError extends Error {
  readonly code = 'CONTACT_NOT_FOUND';
}

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: number }).code === 11000;
}

/** Records a key for a contact; false if the key already belongs to someone (possibly this contact). */
async function claimKey(store: Store, key: string, contactId: Types.ObjectId): Promise<boolean> {
  try {
    await store.contactKeys.create({ _id: key, contactId });
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

export async function resolveContact(store: Store, ref: ContactRef, create = true): Promise<string> {
  if (ref.id) {
    const found = await store.contacts.findById(ref.id, { erasedAt: 1 }).lean();
    if (!found || found.erasedAt) throw new ContactNotFoundError(`contact ${ref.id} does not exist`);
    return String(found._id);
  }
  const email = ref.email?.trim().toLowerCase();
  const keys = [email ? emailKey(email) : undefined, ref.externalId ? externalKey(ref.externalId) : undefined].filter(
    (k): k is string => k !== undefined,
  );
  if (keys.length === 0) throw new ContactNotFoundError('a contact needs an id, email or externalId');

  for (let attempt = 0; attempt < 5; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 5 * attempt));
    const found = (await Promise.all(keys.map((k) => store.contactKeys.findById(k).lean()))).find(Boolean);
    if (found) {
      const contactId = found.contactId;
      // Seen now with an identifier we did not have (an external id for a known email): link it.
      if (email && ref.externalId && (await claimKey(store, externalKey(ref.externalId), contactId))) {
        await store.contacts.findOneAndUpdate({ _id: contactId }, { $set: { externalId: ref.externalId } });
      }
      return String(contactId);
    }
    if (!create) throw new ContactNotFoundError('no such contact');
    const contactId = new Types.ObjectId();
    try {
      await store.contacts.create({ _id: contactId, email, externalId: ref.externalId });
    } catch (err) {
      if (isDuplicateKey(err)) continue; // created concurrently; its keys are about to appear
      throw err;
    }
    // The first key decides whose contact it is; a loser removes its own copy and takes the winner's.
    if (!(await claimKey(store, keys[0] as string, contactId))) {
      await store.contacts.deleteOne({ _id: contactId });
      continue;
    }
    for (const key of keys.slice(1)) await claimKey(store, key, contactId);
    return String(contactId);
  }
  throw new Error('contact could not be resolved after concurrent creates');
}

/** Keys of an erased contact go: nothing may lead to it any more, and the address may sign up afresh. */
export async function dropContactKeys(store: Store, contact: { email?: string | null; externalId?: string | null }) {
  const keys = [
    contact.email ? emailKey(contact.email) : undefined,
    contact.externalId ? externalKey(contact.externalId) : undefined,
  ];
  for (const key of keys) if (key) await store.contactKeys.deleteOne({ _id: key });
}

// One person, one profile: however many requests see a new address at once, they end on one contact.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { resolveContact } from '../engine/resolve-contact';
import { openStore, type Store } from '../store/store';
import { openTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let store: Store;
beforeAll(async () => {
  stack = await openTestStack('contacts');
  store = await openStore(stack.mongoUri);
});
afterAll(async () => {
  await store?.conn.close();
  await stack?.close();
});

test('twenty concurrent first events of one address create one contact', async () => {
  const ids = await Promise.all(
    Array.from({ length: 20 }, () => resolveContact(store, { email: 'Gleichzeitig@Example.de' })),
  );
  expect(new Set(ids).size).toBe(1);
  expect(await store.contacts.countDocuments({ email: 'gleichzeitig@example.de' })).toBe(1);
});

test('an external id seen with a known email joins that contact; either finds it afterwards', async () => {
  const byEmail = await resolveContact(store, { email: 'kasse@example.de' });
  const both = await resolveContact(store, { email: 'kasse@example.de', externalId: 'POS-1234' });
  const byExternal = await resolveContact(store, { externalId: 'POS-1234' });
  expect([both, byExternal]).toEqual([byEmail, byEmail]);
  expect((await store.contacts.findById(byEmail).lean())?.externalId).toBe('POS-1234');
});

test('an unknown address is not found when creating is not allowed', async () => {
  await expect(resolveContact(store, { email: 'niemand@example.de' }, false)).rejects.toMatchObject({
    code: 'CONTACT_NOT_FOUND',
  });
});

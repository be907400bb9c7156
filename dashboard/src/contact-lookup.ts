// Finding a contact by what the marketer has at hand: an omnidrip id, an email or an external id.
import { api } from './api-client';
import type { Contact } from './api-types';

export function lookupPath(input: string): string {
  const q = input.trim();
  if (/^[a-f0-9]{24}$/.test(q)) return `/v1/contacts/${q}`;
  if (q.includes('@')) return `/v1/contacts?email=${encodeURIComponent(q)}`;
  return `/v1/contacts?externalId=${encodeURIComponent(q)}`;
}

export const findContact = (input: string) => api.get<Contact>(lookupPath(input));

// What a template can read: the contract between the journey (which supplies it) and templates and the
// campaign validator (which check against it). Keys are always present, possibly null, so strict
// rendering fails only on names that do not exist at all.

export interface EventScope {
  name: string;
  properties: Record<string, unknown>;
  occurredAt: string;
}

export interface RenderContext {
  contact: {
    id: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    locale: string;
    timeZone: string;
    attributes: Record<string, unknown>;
    tags: string[];
  };
  /** The event that started the journey; null for segment and schedule campaigns. */
  event?: EventScope | null;
  /** The event a waitFor step received; null before one did. */
  waited?: EventScope | null;
  campaign: { id: string; name: string; version: number; stepId: string };
  links: { unsubscribe: string; preferences: string };
  message: { id: string };
}

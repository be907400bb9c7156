// What campaign validation needs to know about templates, without depending on the template engine.
// templates/ implements it; tests can hand in a small fake.
import type { Channel } from '../store/contacts';

export interface TemplateCatalog {
  /** Whether a template exists that can render for this channel (in at least the default locale). */
  has(templateId: string, channel: Channel): boolean;
  /**
   * The data paths a template reads, as written in it, e.g. "contact.firstName",
   * "event.properties.items", "links.unsubscribe". Helpers' own arguments count too.
   */
  variables(templateId: string, channel: Channel): string[];
}

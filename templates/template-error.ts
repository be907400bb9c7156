// One error type for everything that can go wrong between a template file and a rendered message, so
// delivery can tell "this template is broken" (permanent: fix the template) from a provider failure.

export type TemplateErrorCode =
  | 'template_not_found' // no such template, or none for this channel
  | 'invalid_template' // a file that is not part of the template layout, or meta.json is not valid
  | 'template_syntax' // Handlebars or JSON that does not parse, or a partial that does not exist
  | 'render_failed' // a variable the template reads is missing (strict mode) or a helper refused its input
  | 'invalid_output'; // rendered, but not what the channel needs (a push without title, JSON that is not JSON)

export class TemplateError extends Error {
  constructor(
    readonly code: TemplateErrorCode,
    message: string,
    readonly detail: { templateId?: string; file?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: detail.cause });
    this.name = 'TemplateError';
  }
}

// Which /v1 routes this server has, read from its OpenAPI document (every route is documented by
// construction). Screens ask before calling an optional route, so an older server shows "not available
// here" instead of a failed request in the console.
type Paths = Record<string, Record<string, unknown>>;

let document: Promise<Paths> | undefined;

function load(): Promise<Paths> {
  document ??= fetch('/openapi.json', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<{ paths?: Paths }>) : { paths: {} }))
    .then((doc) => doc.paths ?? {})
    .catch(() => ({}));
  return document;
}

/** `supports('post', '/v1/templates/{id}/preview')`: path written as in OpenAPI, with {params}. */
export async function supports(method: string, path: string): Promise<boolean> {
  const paths = await load();
  return Boolean(paths[path]?.[method.toLowerCase()]);
}

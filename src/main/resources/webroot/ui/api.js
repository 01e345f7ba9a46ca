// The page's only way to the service: same-origin GETs that the session cookie authorizes.
export class SessionEnded extends Error {}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (response.status === 401) {
    throw new SessionEnded('the session has ended');
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.error ? body.error.message : response.statusText);
  }
  return body;
}

/** `?account=...&month=...` of the scope, plus `extra` (name → value), leaving out empty values. */
export function query(scope, extra = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ account: scope.account, month: scope.month, ...extra })) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

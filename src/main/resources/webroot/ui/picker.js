// The account picker: the accounts with activity in the month (GET /api/budget/accounts, every page),
// and the account shown even when it has none.
import { getJson } from './api.js';
import { $, el } from './dom.js';

const MAX_PAGES = 20;

export async function fillPicker(scope) {
  const accounts = [];
  let after = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = new URLSearchParams({ limit: '100' });
    if (scope.month) params.set('month', scope.month);
    if (after) params.set('starting_after', after);
    const body = await getJson(`/api/budget/accounts?${params}`);
    accounts.push(...body.data.map((status) => status.account));
    if (!body.has_more || body.data.length === 0) break;
    after = accounts[accounts.length - 1];
  }
  if (scope.account && !accounts.includes(scope.account)) accounts.unshift(scope.account);
  const select = $('account');
  select.replaceChildren(...accounts.map((account) => {
    const option = el('option', null, account);
    option.value = account;
    return option;
  }));
  select.value = scope.account;
}

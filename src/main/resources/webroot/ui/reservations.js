// Budget held right now: the reservations of the month that are held and not expired.
import { getJson, query } from './api.js';
import { $, el, cell, fill, row, time } from './dom.js';

export const reservationsPanel = {
  load: (scope) => getJson(`/api/budget/reservations${query(scope)}`),
  render(page) {
    fill($('reservations'), page.data.map((hold) => row([
      el('strong', null, hold.agent),
      cell('num', hold.display),
      time(hold.expires_at),
      el('code', null, hold.id),
    ])), 4, 'No open reservations');
  },
};

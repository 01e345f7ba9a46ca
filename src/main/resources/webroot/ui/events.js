// The latest Stripe events of the account shown, with the reason of each needs_review or failed one.
import { getJson } from './api.js';
import { $, el, cell, fill, row, time } from './dom.js';

export const eventsPanel = {
  load: (scope) => getJson(`/api/stripe/events?limit=10&account=${encodeURIComponent(scope.account)}`),
  render(page) {
    fill($('events'), page.data.map((event) => {
      const outcome = el('div', null);
      outcome.append(el('span', `badge ${event.outcome}`, event.outcome.replace('_', ' ')));
      if (event.reason && (event.outcome === 'needs_review' || event.outcome === 'failed')) {
        outcome.append(el('p', 'reason', event.reason));
      }
      return row([time(event.received_at), el('code', null, event.type), cell('num', event.display ?? '–'), outcome]);
    }), 4, 'No Stripe events for this account yet');
  },
};

// The month's ledger, newest first, and the link to its CSV export.
import { getJson, query } from './api.js';
import { $, el, cell, fill, row, time } from './dom.js';

export const ledgerPanel = {
  load: (scope) => getJson(`/api/budget/ledger${query(scope, { limit: 100 })}`),
  render(ledger, scope) {
    const entries = [...ledger.data].reverse();
    fill($('ledger'), entries.map((entry) => {
      const sign = entry.kind === 'credit' ? '+' : entry.kind === 'alert' ? '' : '−';
      return row([
        time(entry.created_at),
        el('span', `kind ${entry.kind}`, entry.kind),
        entry.source,
        detail(entry),
        cell(`num amount-${entry.kind}`, entry.kind === 'alert' ? `at ${entry.display} spent` : sign + entry.display),
      ]);
    }), 5, 'No entries this month');
    $('ledger-count').textContent = `${entries.length}${ledger.has_more ? '+' : ''} entries, newest first`;
    $('export').href = `/api/budget/ledger.csv${query(scope)}`;
  },
};

function detail(entry) {
  const m = entry.metadata || {};
  if (entry.kind === 'alert') return `${m.threshold}% threshold reached`;
  return [m.agent, m.description, m.note].filter(Boolean).join(' · ') || entry.event_id || '';
}

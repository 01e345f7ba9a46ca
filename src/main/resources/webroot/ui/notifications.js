// The latest notifications of every account and how their deliveries stand (docs/notifications.md).
// Shown only when there is something to show: a deployment without NOTIFY_URLS, or a session that
// may not read notifications, never sees the panel.
import { getJson } from './api.js';
import { $, el, fill, row, time } from './dom.js';

export const notificationsPanel = {
  load: () => getJson('/api/notifications?limit=8').catch(() => ({ data: [] })),
  render(page) {
    fill($('notification-rows'), page.data.map((n) => row([
      time(new Date(n.created * 1000).toISOString()),
      el('code', null, n.type),
      about(n.data),
      deliveries(n.deliveries),
      el('span', `badge ${n.status}`, n.status),
    ])), 5, 'No notifications');
    $('notifications').hidden = page.data.length === 0;
  },
};

function about(data) {
  if (data.event_id) return `${data.event_id}${data.account ? ` · ${data.account}` : ''}`;
  if (data.account) return `${data.account} ${data.month}${data.threshold ? ` · ${data.threshold}%` : ''}`;
  return data.message || '';
}

function deliveries(list) {
  const box = el('div');
  box.append(...list.map((d) => {
    const line = el('div', null, `#${d.destination} ${d.host}: ${d.status}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`);
    if (d.last_error) line.title = d.last_error;
    return line;
  }));
  return box;
}

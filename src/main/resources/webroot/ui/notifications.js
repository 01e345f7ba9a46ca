// The latest notifications and how their deliveries stand (docs/notifications.md). A panel of its
// own, added to the page on first use, and shown only when there is something to show: a
// deployment without NOTIFY_URLS, or a session that may not read notifications, never sees it.
const LIMIT = 8;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function panel() {
  let section = document.getElementById('notifications');
  if (section) return section;
  section = el('section', 'panel');
  section.id = 'notifications';
  section.hidden = true;
  const table = el('table', 'table');
  const head = el('tr');
  for (const title of ['Created', 'Type', 'About', 'Deliveries', 'Status']) head.append(el('th', null, title));
  table.append(el('thead'), el('tbody'));
  table.tHead.append(head);
  table.tBodies[0].id = 'notification-rows';
  section.append(el('h2', null, 'Latest notifications'), table);
  document.querySelector('main').append(section);
  return section;
}

function about(data) {
  if (data.event_id) return `${data.event_id}${data.account ? ` · ${data.account}` : ''}`;
  if (data.account) return `${data.account} ${data.month}${data.threshold ? ` · ${data.threshold}%` : ''}`;
  return data.message || '';
}

function delivery(d) {
  const text = `#${d.destination} ${d.host}: ${d.status}, ${d.attempts} attempt${d.attempts === 1 ? '' : 's'}`;
  const line = el('div', null, text);
  if (d.last_error) line.title = d.last_error;
  return line;
}

function cell(...content) {
  const td = el('td');
  td.append(...content);
  return td;
}

function row(n) {
  const created = el('time', null, new Date(n.created * 1000).toLocaleString(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
  const tr = el('tr');
  tr.append(cell(created), cell(el('code', null, n.type)), cell(about(n.data)), cell(...n.deliveries.map(delivery)),
    cell(el('span', `badge ${n.status}`, n.status)));
  return tr;
}

/** Reloads the panel; hidden while there is nothing to show or the list cannot be read. */
export async function showNotifications() {
  const section = panel();
  try {
    const response = await fetch(`/api/notifications?limit=${LIMIT}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const page = response.ok ? await response.json() : { data: [] };
    document.getElementById('notification-rows').replaceChildren(...page.data.map(row));
    section.hidden = page.data.length === 0;
  } catch (error) {
    section.hidden = true;
  }
}

// The dashboard: reads the bearer-protected JSON routes with the session cookie (same origin),
// and listens to /api/budget/stream to reload when a webhook or a spend lands. Amounts arrive
// formatted by the server ("display"), so the page holds no currency table.
import { drawChart } from './chart.js';
import { showNotifications } from './notifications.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const scope = { account: params.get('account') || '', month: params.get('month') || '' };
let stream = null;
let pending = null;

class SessionEnded extends Error {}

async function getJson(path) {
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

function scopeQuery() {
  const query = new URLSearchParams();
  if (scope.account) query.set('account', scope.account);
  if (scope.month) query.set('month', scope.month);
  return query.toString();
}

async function refresh() {
  const query = scopeQuery();
  try {
    const [daily, events, ledger] = await Promise.all([
      getJson(`/api/budget/daily?${query}`),
      getJson('/api/stripe/events?limit=10'),
      getJson(`/api/budget/ledger?${query}${query ? '&' : ''}limit=100`),
    ]);
    scope.account = daily.account;
    scope.month = daily.month;
    $('account').value = daily.account;
    $('month').value = daily.month;
    renderStatus(daily.status, daily.thresholds);
    drawChart($('chart'), daily);
    renderEvents(events.data);
    renderLedger(ledger);
    showNotifications();
    notice(null);
    return true;
  } catch (error) {
    if (error instanceof SessionEnded) {
      notice('Your session has ended. Reload the page to sign in again.');
      closeStream();
      return false;
    }
    notice(`Could not load: ${error.message}`);
    return true;
  }
}

/** Many changes can land at once (a batch of webhooks): reload once for all of them. */
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 150);
}

function renderStatus(status, thresholds) {
  for (const field of ['budget', 'spent', 'reserved', 'remaining']) {
    $(field).textContent = status.display[field];
  }
  $('remaining').classList.toggle('negative', status.remaining < 0);
  const utilization = status.utilization;
  const percent = utilization === null ? null : utilization * 100;
  $('utilization').textContent = percent === null ? 'no budget' : `${percent.toFixed(1)}%`;
  const fill = $('meter-fill');
  fill.style.width = `${Math.min(percent ?? 100, 100)}%`;
  fill.dataset.level = percent === null || percent >= 100 ? 'over' : percent >= 80 ? 'high' : percent >= 50 ? 'mid' : 'low';
  fill.parentElement.setAttribute('aria-valuenow', String(Math.round(percent ?? 100)));
  const marks = $('meter-marks');
  marks.replaceChildren(...thresholds.filter((t) => t <= 100).map((t) => {
    const mark = el('span', 'mark', `${t}%`);
    mark.style.left = `${t}%`;
    mark.classList.toggle('reached', status.alerts.includes(t));
    return mark;
  }));
  const alerts = $('alerts');
  alerts.replaceChildren(...status.alerts.map((t) => el('li', t >= 100 ? 'alert over' : 'alert', `${t}% of the budget spent`)));
  if (status.alerts.length === 0) {
    alerts.append(el('li', 'none', 'No active alerts'));
  }
}

function renderEvents(events) {
  $('events').replaceChildren(...events.map((event) => row([
    time(event.received_at),
    el('code', null, event.type),
    event.account ?? '–',
    cell('num', event.display ?? '–'),
    el('span', `badge ${event.outcome}`, event.outcome.replace('_', ' ')),
  ])));
  if (events.length === 0) {
    $('events').append(row([cell('empty', 'No events yet')], 5));
  }
}

function renderLedger(ledger) {
  const entries = [...ledger.data].reverse();
  $('ledger').replaceChildren(...entries.map((entry) => {
    const sign = entry.kind === 'credit' ? '+' : entry.kind === 'alert' ? '' : '−';
    return row([
      time(entry.created_at),
      el('span', `kind ${entry.kind}`, entry.kind),
      entry.source,
      detail(entry),
      cell(`num amount-${entry.kind}`, entry.kind === 'alert' ? `at ${entry.display} spent` : sign + entry.display),
    ]);
  }));
  if (entries.length === 0) {
    $('ledger').append(row([cell('empty', 'No entries this month')], 5));
  }
  $('ledger-count').textContent = `${entries.length}${ledger.has_more ? '+' : ''} entries, newest first`;
}

function detail(entry) {
  const m = entry.metadata || {};
  if (entry.kind === 'alert') return `${m.threshold}% threshold reached`;
  return [m.agent, m.description, m.note].filter(Boolean).join(' · ') || entry.event_id || '';
}

function row(cells, span) {
  const tr = document.createElement('tr');
  for (const content of cells) {
    const td = content instanceof HTMLTableCellElement ? content : document.createElement('td');
    if (!(content instanceof HTMLTableCellElement)) {
      td.append(content);
    }
    if (span) td.colSpan = span;
    tr.append(td);
  }
  return tr;
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  return node;
}

function time(iso) {
  const node = el('time', null, new Date(iso).toLocaleString(undefined, {
    month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }));
  node.dateTime = iso;
  return node;
}

function notice(text) {
  $('notice').hidden = !text;
  $('notice').textContent = text ?? '';
}

function openStream() {
  closeStream();
  const live = $('live');
  const source = new EventSource(`/api/budget/stream${scope.account ? `?account=${encodeURIComponent(scope.account)}` : ''}`);
  stream = source;
  let reconnecting = false;
  source.onopen = () => {
    live.dataset.state = 'live';
    live.textContent = 'live';
    // Changes made while the stream was down were not heard: catch up once.
    if (reconnecting) refreshSoon();
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // Refused, not dropped (the browser gives up on a non-200): say why, or try again later.
      live.dataset.state = 'off';
      live.textContent = 'offline';
      refresh().then((ok) => ok && setTimeout(openStream, 5000));
      return;
    }
    reconnecting = true;
    live.dataset.state = 'connecting';
    live.textContent = 'reconnecting';
  };
  source.addEventListener('updated', (message) => {
    const change = JSON.parse(message.data);
    if (change.account === scope.account && change.month === scope.month) refreshSoon();
  });
  source.addEventListener('alert', (message) => {
    const alert = JSON.parse(message.data);
    if (alert.account !== scope.account) return;
    const item = el('li', alert.state, `${alert.threshold}% ${alert.state} · ${new Date().toLocaleTimeString()}`);
    $('feed').prepend(item);
    while ($('feed').children.length > 5) $('feed').lastChild.remove();
    refreshSoon();
  });
}

function closeStream() {
  if (stream) stream.close();
  stream = null;
  $('live').dataset.state = 'off';
  $('live').textContent = 'offline';
}

$('scope').addEventListener('submit', (submit) => {
  submit.preventDefault();
  scope.account = $('account').value.trim();
  scope.month = $('month').value;
  history.replaceState(null, '', `/?${scopeQuery()}`);
  refresh().then((ok) => ok && openStream());
});

refresh().then((ok) => ok && openStream());

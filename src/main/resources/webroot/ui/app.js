// The dashboard: reads the bearer-protected JSON routes with the session cookie (same origin), and
// listens to /api/budget/stream to reload when a webhook or a spend lands. Amounts arrive formatted
// by the server ("display"), so the page holds no currency table.
//
// Each panel is a module exporting { load(scope) -> Promise, render(data, scope) } and a section of
// index.html; adding one is that module, its section, and one line in PANELS.
import { SessionEnded } from './api.js';
import { $, el } from './dom.js';
import { agentsPanel } from './agents.js';
import { eventsPanel } from './events.js';
import { ledgerPanel } from './ledger.js';
import { monthPanel } from './month.js';
import { notificationsPanel } from './notifications.js';
import { fillPicker } from './picker.js';
import { reservationsPanel } from './reservations.js';

const PANELS = [eventsPanel, reservationsPanel, agentsPanel, ledgerPanel, notificationsPanel];

const params = new URLSearchParams(location.search);
const scope = { account: params.get('account') || '', month: params.get('month') || '' };
let stream = null;
let pending = null;

async function refresh() {
  try {
    // The month panel's answer settles the scope (the default account, the current month) for the others.
    const daily = await monthPanel.load(scope);
    scope.account = daily.account;
    scope.month = daily.month;
    $('month').value = daily.month;
    const [data] = await Promise.all([Promise.all(PANELS.map((panel) => panel.load(scope))), fillPicker(scope)]);
    monthPanel.render(daily, scope);
    PANELS.forEach((panel, i) => panel.render(data[i], scope));
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

function notice(text) {
  $('notice').hidden = !text;
  $('notice').textContent = text ?? '';
}

function openStream() {
  closeStream();
  const live = $('live');
  const source = new EventSource(`/api/budget/stream?account=${encodeURIComponent(scope.account)}`);
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
    const at = new Date().toISOString().slice(11, 19);
    const item = el('li', alert.state, `${alert.threshold}% ${alert.state} · ${at} UTC`);
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

function show() {
  scope.account = $('account').value;
  scope.month = $('month').value;
  history.replaceState(null, '', `/?${new URLSearchParams(scope)}`);
  $('feed').replaceChildren();
  refresh().then((ok) => ok && openStream());
}

$('scope').addEventListener('submit', (submit) => {
  submit.preventDefault();
  show();
});
$('account').addEventListener('change', show);

refresh().then((ok) => ok && openStream());

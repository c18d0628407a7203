// The dashboard: sign-in, layout and a hash router. Each view renders into the content area and may
// return a function that stops its timers when the user navigates away.
import { api, session } from './api.js';
import { h, mount, toast, useZone } from './dom.js';
import { overview } from './views/overview.js';
import { leads } from './views/leads.js';
import { lead } from './views/lead.js';
import { conversations, conversation } from './views/conversations.js';
import { settings } from './views/settings.js';
import { openDemo } from './views/demo.js';
import { recoveryChannels } from './views/voice.js';
import { supportBundle, failedTexts } from './views/support.js';

const root = document.getElementById('root');
const ROUTES = [
  [/^#\/overview$/, overview],
  [/^#\/leads$/, leads],
  [/^#\/leads\/(\d+)$/, lead],
  [/^#\/conversations$/, conversations],
  [/^#\/conversations\/(\d+)$/, conversation],
  [/^#\/settings(?:\/([a-z-]+))?$/, settings],
  [/^#\/recovery$/, recoveryChannels],
  [/^#\/support\/(workspace|call)\/(\d+)$/, supportBundle],
  [/^#\/failed-texts$/, failedTexts],
];

const ctx = {
  me: null,
  workspaces: [],
  get workspaceId() {
    return sessionStorage.getItem('mcr.workspace') || '';
  },
  set workspaceId(id) {
    sessionStorage.setItem('mcr.workspace', id || '');
  },
  workspace() {
    return this.workspaces.find(w => String(w.id) === String(this.workspaceId)) || null;
  },
  /** The zone of one workspace: its texts use it, so its times are shown in it. */
  zoneOf(workspaceId) {
    return this.workspaces.find(w => String(w.id) === String(workspaceId))?.timezone || this.zone();
  },
  /** The zones the page's times are in: the chosen workspace's, else every workspace's. */
  zones() {
    const ws = this.workspace();
    return ws ? [ws.timezone] : [...new Set(this.workspaces.map(w => w.timezone))];
  },
  /** The page's zone: the chosen workspace's, or all workspaces' one zone, else UTC (rows then use their own). */
  zone() {
    const zones = this.zones();
    return zones.length === 1 ? zones[0] : 'UTC';
  },
  async reloadWorkspaces() {
    this.workspaces = (await api('/workspaces', { query: { limit: 200 } })).data;
  },
  go(hash) {
    if (location.hash === hash) render(); else location.hash = hash;
  },
};

let dispose = null;
let renderToken = 0;

async function start() {
  if (!session.key()) return signIn();
  try {
    ctx.me = await api('/me');
    await ctx.reloadWorkspaces();
  } catch (e) {
    session.signOut();
    return signIn(e.status === 401 ? 'That key is no longer valid. Sign in again.' : e.message);
  }
  layout();
  if (!location.hash || location.hash === '#/') location.hash = '#/overview'; else render();
}

function signIn(problem) {
  root.className = '';
  const input = h('input', { type: 'password', id: 'api-key', placeholder: 'mcr_live_…', autocomplete: 'off',
    spellcheck: 'false', style: { width: '100%' } });
  const error = h('div.notice.bad', { hidden: !problem, id: 'signin-error' }, problem || '');
  const button = h('button.btn.primary', { type: 'submit', id: 'signin', style: { width: '100%', justifyContent: 'center' } },
    'Sign in');
  const form = h('form.card.stack', {
    onsubmit: async event => {
      event.preventDefault();
      const key = input.value.trim();
      button.disabled = true;
      try {
        await api('/me', { key });
        session.signIn(key);
        await start();
      } catch (e) {
        error.hidden = false;
        error.textContent = e.status === 401 ? 'That API key was not accepted.' : `Could not sign in: ${e.message}`;
      } finally {
        button.disabled = false;
      }
    },
  },
  h('div.brand', {}, h('span.logo', {}, '☎'), 'Recovery'),
  h('div', {}, h('h1', {}, 'Sign in'),
    h('p', {}, 'Use an agency API key. Running the embedded demo? The key is printed in the terminal when the gateway starts.')),
  error,
  h('label.field', {}, 'API key', input),
  button);
  mount(root, h('div.signin', {}, form));
  input.focus();
}

function layout() {
  root.className = '';
  const nav = (hash, label, icon) => h('a', { href: hash, dataset: { nav: hash } }, h('span', { 'aria-hidden': 'true' }, icon), label);
  const select = h('select', { id: 'workspace-select', 'aria-label': 'Workspace',
    onchange: () => { ctx.workspaceId = select.value; render(); } },
  h('option', { value: '' }, 'All workspaces'),
  ctx.workspaces.map(w => h('option', { value: w.id, selected: String(w.id) === String(ctx.workspaceId) }, w.name)));
  const top = h('header.top', {},
    select,
    h('div.spacer'),
    ctx.me.demo ? h('button.btn.demo', { id: 'simulate', onclick: () => openDemo(ctx) }, '☎  Simulate a missed call') : null,
    h('span.muted', {}, ctx.me.agency.name),
    h('button.btn.small', { onclick: () => { session.signOut(); signIn(); } }, 'Sign out'));
  mount(root, h('div.app', {},
    h('nav.side', {},
      h('div.brand', {}, h('span.logo', {}, '☎'), 'Recovery'),
      nav('#/overview', 'Overview', '◔'),
      nav('#/leads', 'Leads', '☰'),
      nav('#/conversations', 'Conversations', '✉'),
      nav('#/failed-texts', 'Failed texts', '⚠'),
      h('div.section', {}, 'Settings'),
      nav('#/recovery', 'Recovery channels', '☊'),
      nav('#/settings/workspace', 'Workspace', '⌂'),
      nav('#/settings/hours', 'Business hours', '◷'),
      nav('#/settings/intake', 'Intake page', '▤'),
      nav('#/settings/recovery', 'Recovery & templates', '↺'),
      nav('#/settings/numbers', 'Numbers & setup', '☏'),
      nav('#/settings/test-calls', 'Test calls', '✆'),
      nav('#/settings/team', 'Team alerts', '⚑'),
      nav('#/settings/privacy', 'Privacy', '⊘'),
      nav('#/settings/webhooks', 'Webhooks', '⇄'),
      nav('#/settings/keys', 'API keys', '✱'),
      nav('#/settings/audit', 'Audit log', '≡'),
      h('div.foot', {}, 'Signed in with ', h('span.mono', {}, ctx.me.api_key.prefix + '…'))),
    h('div.main', {}, top, h('main.content', { id: 'content' }))));
}

async function render() {
  if (!ctx.me) return;
  if (dispose) {
    dispose();
    dispose = null;
  }
  const content = document.getElementById('content');
  const hash = location.hash || '#/overview';
  document.querySelectorAll('.side a').forEach(a => a.classList.toggle('active',
    hash === a.dataset.nav || hash.startsWith(a.dataset.nav + '/')));
  const select = document.getElementById('workspace-select');
  if (select) select.value = ctx.workspaceId;
  useZone(ctx.zone());
  for (const [pattern, view] of ROUTES) {
    const match = pattern.exec(hash);
    if (match) {
      // each render draws into its own box: a slower earlier render can only write to a detached box
      const token = ++renderToken;
      const box = h('div', {}, h('div.loading', {}, 'Loading…'));
      mount(content, box);
      try {
        const stop = await view(ctx, box, ...match.slice(1)) || null;
        if (token === renderToken) dispose = stop; else if (stop) stop();
      } catch (e) {
        mount(box, h('div.notice.bad', {}, e.status === 404
          ? 'Not found in your agency.' : `Something went wrong: ${e.message}`));
      }
      return;
    }
  }
  location.hash = '#/overview';
}

window.addEventListener('hashchange', render);
window.addEventListener('signed-out', () => {
  session.signOut();
  ctx.me = null;
  signIn('Your session ended. Sign in again.');
});
window.addEventListener('unhandledrejection', event => toast(event.reason?.message || String(event.reason), 'bad'));
start();

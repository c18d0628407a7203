// Conversations: the threads waiting for staff first, open and closed ones, unmatched texts; one thread.
import { api } from '../api.js';
import { ago, badge, card, h, mount, phone, stageBadge, table, urgencyBadge, when, zoneNote } from '../dom.js';
import { thread } from './thread.js';

const HANDLED = { ai: 'Automatic replies', staff: 'Staff', nobody: 'Closed' };

export async function conversations(ctx, content) {
  const chosen = sessionStorage.getItem('mcr.convTab');
  let tab = chosen || 'waiting';
  const tabs = [['waiting', 'Waiting for a reply'], ['open', 'Open'], ['closed', 'Closed'], ['unmatched', 'Unmatched texts']];
  const list = h('section.card.flush');
  const nav = h('nav.tabs', { id: 'conversation-tabs' });
  const drawTabs = () => mount(nav, tabs.map(([key, label]) => h(`a${key === tab ? '.active' : ''}`, { href: '#/conversations',
    dataset: { tab: key },
    onclick: e => { e.preventDefault(); sessionStorage.setItem('mcr.convTab', key); ctx.go('#/conversations'); } }, label)));
  drawTabs();
  mount(content,
    h('div.page-head', {}, h('div', {}, h('h1', {}, 'Conversations'),
      h('div.sub', {}, 'SMS threads with your callers. ', zoneNote(ctx.zones())))),
    nav, list);
  if (tab === 'unmatched') {
    const page = await api('/unmatched-replies', { query: { workspace_id: ctx.workspaceId } });
    mount(list, table([
      { title: 'From', render: u => h('strong', {}, phone(u.from_number)) },
      { title: 'To', render: u => `${phone(u.to_number)} · ${u.workspace_name}` },
      { title: 'Text', render: u => u.body },
      { title: 'Received', render: u => ago(u.received_at, ctx.zoneOf(u.workspace_id)) },
    ], page.data));
    return null;
  }
  const query = { workspace_id: ctx.workspaceId, status: tab === 'closed' ? 'closed' : 'open',
    awaiting_reply: tab === 'waiting' ? 'true' : undefined };
  let page = await api('/conversations', { query });
  if (!chosen && tab === 'waiting' && !page.data.length) {
    // nobody is waiting: open on the open threads rather than on an empty tab
    const open = await api('/conversations', { query: { workspace_id: ctx.workspaceId, status: 'open' } });
    if (open.data.length) { tab = 'open'; page = open; drawTabs(); }
  }
  mount(list, table([
    { title: 'Caller', render: c => h('div', {}, h('strong', {}, phone(c.caller)), c.lead.need ? h('div.small.muted', {}, c.lead.need) : null) },
    { title: 'Urgency', render: c => urgencyBadge(c.lead.urgency) },
    { title: 'Workspace', render: c => c.workspace_name },
    { title: 'Last message', render: c => c.last_message ? h('span', {}, c.last_message.direction === 'inbound' ? '↙ ' : '↗ ',
      c.last_message.body.length > 70 ? c.last_message.body.slice(0, 70) + '…' : c.last_message.body) : '—' },
    { title: 'Handled by', render: c => badge(HANDLED[c.handled_by] || c.handled_by, c.handled_by === 'staff' ? 'warn' : c.handled_by === 'ai' ? 'brand' : '',
      { 'data-handled-by': c.handled_by }) },
    { title: 'Stage', render: c => stageBadge(c.lead.stage) },
    { title: 'Activity', render: c => ago(c.last_activity_at, ctx.zoneOf(c.workspace_id)) },
  ], page.data, c => ctx.go(`#/conversations/${c.id}`)));
  return null;
}

export async function conversation(ctx, content, id) {
  const draft = { value: '' };
  const head = h('div');
  const box = h('div', { id: 'conversation' });
  mount(content, h('div', { style: { marginBottom: '12px' } }, h('a', { href: '#/conversations' }, '← Conversations')), head,
    card(null, box));
  async function refresh() {
    const c = await api(`/conversations/${id}`);
    const tz = ctx.zoneOf(c.workspace_id);
    mount(head, h('div.page-head', {}, h('div', {}, h('h1', {}, phone(c.caller)),
      h('div.sub', {}, c.workspace_name, ' · on ', phone(c.business_number), ' · opened ', when(c.opened_at, tz), ' · ',
        zoneNote(tz))),
    h('div.spacer'), h('a.btn', { href: `#/leads/${c.lead_id}` }, 'Open lead')));
    const focused = document.activeElement?.id === 'reply';
    thread(box, { conversation: c, leadId: c.lead_id, refresh, draft, tz });
    if (focused) document.getElementById('reply')?.focus();
  }
  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 4000);
  return () => clearInterval(timer);
}

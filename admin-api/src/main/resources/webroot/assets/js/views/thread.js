// One conversation: the texts both ways with what happened in between, the controls staff have
// (reply, which takes over from the AI; take over; hand back; close; reopen; AI on or off) and the composer.
import { api } from '../api.js';
import { badge, h, mount, stamp, toast } from '../dom.js';

/**
 * Renders the conversation into `box`. `conversation` may be null (no thread yet): the composer then
 * texts the lead and opens one. `refresh` re-renders the page after an action.
 */
export function thread(box, { conversation, leadId, refresh, draft, tz }) {
  const items = [];
  for (const m of conversation?.messages || []) items.push({ at: m.created_at, id: `m${m.id}`, node: bubble(m, tz) });
  for (const e of conversation?.events || []) items.push({ at: e.created_at, id: `e${e.id}`, node: h('div.event', {}, e.words) });
  items.sort((a, b) => a.at.localeCompare(b.at));
  const list = h('div.thread', { id: 'thread' }, items.length ? items.map(i => i.node) : h('div.empty', {}, 'No messages yet.'));
  const text = h('textarea', { id: 'reply', placeholder: conversation?.status === 'closed'
    ? 'This conversation is closed; a new text opens a new one' : 'Write a reply…', maxlength: 1600 });
  text.value = draft?.value || '';
  text.addEventListener('input', () => { if (draft) draft.value = text.value; });
  const send = h('button.btn.primary', { id: 'send-reply', onclick: async () => {
    const body = text.value.trim();
    if (!body) return;
    send.disabled = true;
    try {
      const open = conversation && conversation.status === 'open';
      await api(open ? `/conversations/${conversation.id}/messages` : `/leads/${leadId}/messages`, { method: 'POST', body: { body } });
      text.value = '';
      if (draft) draft.value = '';
      toast('Message queued. You have taken over from the AI.');
      await refresh();
    } catch (e) {
      toast(e.message, 'bad');
    } finally {
      send.disabled = false;
    }
  } }, 'Send');
  const action = (label, path, method = 'POST', body) => h('button.btn.small', { onclick: async () => {
    try {
      await api(path, { method, body });
      await refresh();
    } catch (e) {
      toast(e.message, 'bad');
    }
  } }, label);
  const c = conversation;
  const controls = c ? h('div.row.wrap', { style: { marginBottom: '10px' } },
    c.status === 'open' ? badge('Open', 'ok', { id: 'conversation-status' }) : badge(`Closed${c.close_reason ? ' · ' + (CLOSED[c.close_reason] || c.close_reason.replace(/_/g, ' ')) : ''}`, '', { id: 'conversation-status' }),
    c.status === 'open' ? badge(c.handled_by === 'staff' ? 'Staff have taken over' : c.handled_by === 'ai' ? 'Automatic replies on' : 'Automatic replies off',
      c.handled_by === 'staff' ? 'warn' : 'brand', { id: 'handled-by',
        title: 'The AI answers when a model is configured; otherwise the built-in intake script asks need, address and urgency' }) : null,
    c.awaiting_reply ? badge('Caller is waiting', 'bad') : null,
    h('div.spacer'),
    c.status === 'open' && !c.staff_takeover ? action('Take over', `/conversations/${c.id}/take-over`) : null,
    c.status === 'open' && c.staff_takeover ? action('Hand back to AI', `/conversations/${c.id}/hand-back`) : null,
    c.status === 'open' ? action(c.ai_enabled ? 'Turn AI off' : 'Turn AI on', `/conversations/${c.id}`, 'PATCH', { ai_enabled: !c.ai_enabled }) : null,
    c.status === 'open' ? action('Close', `/conversations/${c.id}/close`) : null,
    c.status === 'closed' ? action('Reopen', `/conversations/${c.id}/reopen`) : null) : null;
  mount(box, controls, list,
    h('div.composer', {}, text, send),
    h('div.small.muted', { style: { marginTop: '6px' } },
      'Sending a message takes the conversation over: the AI and follow-ups stay quiet until you hand it back.'));
  list.scrollTop = list.scrollHeight;
}

const CLOSED = { stale: 'after a quiet spell', staff: 'by staff' };
const WHO = { manual: 'Staff', textback: 'Text-back', ai_reply: 'Automatic reply', intake: 'Intake script', followup: 'Follow-up',
  help: 'Help reply', caller_summary: 'Summary to the caller', optout_confirm: 'Opt-out confirmation' };
// texts to the business's own team about this caller: shown apart, never as a text to the caller
const TEAM = { alert: 'Urgent alert to your team', team_summary: 'Summary to your team', oncall: 'On-call alert',
  model_alert: 'AI failure alert to your team', voice_alert: 'Voice alert to your team' };

// a body blanked by the workspace's retention (Settings > Privacy) says so instead of showing an empty bubble
const words = m => m.body || h('em.muted', {}, 'Text removed after the retention period');

function bubble(m, tz) {
  const inbound = m.direction === 'inbound';
  const status = inbound ? 'received' : m.status + (m.error_code ? ` (error ${m.error_code})` : '');
  if (!inbound && TEAM[m.kind]) {
    return h('div.team-note', { dataset: { kind: m.kind, direction: m.direction, audience: 'team' } },
      h('div.small', {}, h('strong', {}, TEAM[m.kind]), ` · not sent to the caller · ${stamp(m.created_at, tz)} · ${status}`), words(m));
  }
  const who = inbound ? 'Caller' : (WHO[m.kind] || m.kind.replace(/_/g, ' '));
  return h(`div.bubble.${inbound ? 'in' : 'out'}${m.kind === 'manual' ? '.manual' : ''}`, { dataset: { kind: m.kind, direction: m.direction } },
    words(m), h('div.meta', {}, `${who} · ${stamp(m.created_at, tz)} · ${status}`));
}

// Notification emails on the Team alerts page: which types go to which address, a test, every email's delivery.
import { api } from '../api.js';
import { badge, card, h, stamp, table, toast } from '../dom.js';

const TYPES = { new_lead: 'New leads', urgent: 'Urgent alerts', ai_failure: 'AI failures', voice_failure: 'Voice failures',
  sending_paused: 'Sending paused', daily_summary: 'Daily summary' };
const TONES = { sent: 'ok', pending: 'warn', failed: 'bad' };

export async function emailCards(ctx, ws) {
  const [addresses, emails] = await Promise.all([api(`/workspaces/${ws.id}/notification-emails`),
    api(`/workspaces/${ws.id}/emails`, { query: { limit: 20 } })]);
  const reload = () => ctx.go('#/settings/team');
  return h('div.stack', { id: 'notification-emails' },
    card('Email notifications', table([
      { title: 'Address', render: e => h('strong', {}, e.address) },
      { title: 'Receives', render: e => e.types.map(t => TYPES[t] || t).join(', ') },
      { title: '', render: e => h('button.btn.small.danger', { onclick: async () => {
        await api(`/notification-emails/${e.id}`, { method: 'DELETE' });
        reload();
      } }, 'Remove') },
    ], addresses.data),
    h('form.row.wrap', { id: 'add-email', onsubmit: async ev => {
      ev.preventDefault();
      const f = ev.target.elements;
      const types = Object.keys(TYPES).filter(t => f[`type-${t}`].checked);
      try {
        await api(`/workspaces/${ws.id}/notification-emails`, { method: 'POST', body: { address: f.address.value.trim(), types } });
        reload();
      } catch (err) {
        toast(err.message, 'bad');
      }
    } }, h('input', { type: 'email', name: 'address', placeholder: 'owner@business.com', required: true }),
    Object.entries(TYPES).map(([k, v]) => h('label.small', {}, h('input', { type: 'checkbox', name: `type-${k}`, checked: k === 'urgent' }), ' ', v)),
    h('button.btn.primary', { type: 'submit' }, 'Add address')),
    h('div.row', {}, h('button.btn', { id: 'send-test-notification', onclick: async () => {
      try {
        const r = await api(`/workspaces/${ws.id}/notifications/test`, { method: 'POST' });
        const parts = [];
        if (r.emails_queued) parts.push(`${r.emails_queued} email${r.emails_queued === 1 ? '' : 's'}`);
        if (r.texts_queued) parts.push(`${r.texts_queued} text${r.texts_queued === 1 ? '' : 's'}`);
        toast(`Test notification queued: ${parts.join(' and ')}`);
        setTimeout(reload, 1500);
      } catch (err) {
        toast(err.message, 'bad');
      }
    } }, 'Send a test notification'))),
    card('Emails sent', h('div.card.flush', {}, table([
      { title: 'When', render: e => stamp(e.created_at, ws.timezone) },
      { title: 'To', render: e => e.to_address },
      { title: 'Subject', render: e => e.subject },
      { title: 'Delivery', render: e => h('span', {}, badge(e.status, TONES[e.status]),
        e.last_error ? h('div.small.muted', {}, `${e.attempts} attempt${e.attempts === 1 ? '' : 's'}: ${e.last_error}`) : null) },
    ], emails.data))));
}

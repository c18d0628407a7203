// The daily summary on the Team alerts page: when it goes (local time), by which channels, whether an empty
// day is skipped, and what it did on the last days (sent, or skipped and why).
import { api } from '../api.js';
import { badge, card, field, h, mount, toast } from '../dom.js';

export async function dailySummaryCard(ctx, ws0) {
  const box = h('div', { id: 'daily-summary' });
  await draw(box, ws0);
  return box;
}

async function draw(box, ws0) {
  const [ws, history, emails, numbers] = await Promise.all([api(`/workspaces/${ws0.id}`),
    api(`/workspaces/${ws0.id}/daily-summaries`, { query: { limit: 7 } }),
    api(`/workspaces/${ws0.id}/notification-emails`), api(`/workspaces/${ws0.id}/notification-numbers`)]);
  const tz = ws.timezone;
  const addresses = emails.data.filter(e => e.types.includes('daily_summary')).map(e => e.address);
  const team = numbers.data.filter(n => n.kind === 'team');
  const enabled = h('input', { type: 'checkbox', id: 'ds-enabled', checked: ws.daily_summary_enabled });
  const time = h('input', { type: 'time', id: 'ds-time', value: ws.daily_summary_time, required: true, step: 60 });
  const sms = h('input', { type: 'checkbox', id: 'ds-sms', checked: ws.daily_summary_sms });
  const skip = h('input', { type: 'checkbox', id: 'ds-skip-empty', checked: ws.daily_summary_skip_empty });
  const save = h('button.btn.primary', { id: 'ds-save', type: 'submit' }, 'Save daily summary');
  const form = h('form.stack', { onsubmit: async e => {
    e.preventDefault();
    const body = {};
    if (enabled.checked !== ws.daily_summary_enabled) body.daily_summary_enabled = enabled.checked;
    if (time.value && time.value.slice(0, 5) !== ws.daily_summary_time) body.daily_summary_time = time.value.slice(0, 5);
    if (sms.checked !== ws.daily_summary_sms) body.daily_summary_sms = sms.checked;
    if (skip.checked !== ws.daily_summary_skip_empty) body.daily_summary_skip_empty = skip.checked;
    if (!Object.keys(body).length) return toast('Nothing changed.');
    save.disabled = true;
    try {
      await api(`/workspaces/${ws.id}`, { method: 'PATCH', body });
      toast('Daily summary saved.');
      await draw(box, ws0);
    } catch (err) {
      toast(err.message, 'bad');
      save.disabled = false;
    }
  } },
  h('label.check', {}, enabled, 'Send a daily summary of yesterday: missed calls, texted, replied, booked, needing attention'),
  h('div.form-grid', {},
    field('Send at (the workspace’s local time)', time, `Every day once ${time.value || ws.daily_summary_time} has passed`),
    h('div.field', { id: 'ds-channels' }, h('span', {}, 'Channels'),
      h('div.small', { id: 'ds-email' }, h('strong', {}, 'Email: '), addresses.length ? addresses.join(', ')
        : h('span.muted', {}, 'no address takes it yet (tick “Daily summary” for an address under Email notifications)')),
      h('label.check', {}, sms, `SMS to the team numbers${team.length ? ` (${team.length})` : ' (none yet: add a “Lead summaries” number above)'}`))),
  h('label.check', {}, skip, 'Skip a day without a missed call (recorded as skipped, with the reason)'),
  h('div.form-actions', {}, save));
  const days = history.data;
  const last = days.find(d => d.status === 'sent');
  const lastSkipped = days.find(d => d.status === 'skipped');
  mount(box, card('Daily summary', form,
    h('div', { id: 'daily-summary-last', style: { marginTop: '14px' } },
      h('strong', {}, 'Last sent: '), last
        ? `${day(last.day)}, ${clock(last.created_at, tz)} (the numbers of ${day(last.reports_day)}) · `
          + `${plural(last.emails, 'email')}, ${plural(last.texts, 'text')}`
        : h('span.muted', {}, 'not yet')),
    lastSkipped ? h('div', { id: 'daily-summary-last-skipped' }, h('strong', {}, 'Last skipped: '),
      `${day(lastSkipped.day)} · ${lastSkipped.reason_words || 'skipped'}`) : null,
    days.length ? h('ul.check-list', { id: 'daily-summary-history', style: { marginTop: '10px' } }, days.map(d => h('li',
      { dataset: { day: d.day, status: d.status } },
      h('span', { class: d.status === 'sent' ? 'ok' : 'no' }, d.status === 'sent' ? '✓' : '–'),
      h('div', {}, h('strong', {}, day(d.day)), ' ', d.status === 'sent' ? badge('Sent', 'ok') : badge('Skipped', 'warn'),
        h('div.small.muted', {}, d.status === 'sent'
          ? `${plural(d.emails, 'email')}, ${plural(d.texts, 'text')} · ${d.counts.missed_calls ?? 0} missed calls reported`
          : d.reason_words || 'Skipped'))))) : h('p.small.muted', { id: 'daily-summary-history' },
      ws.daily_summary_enabled ? 'It has not been due yet.' : 'Switched off: nothing sent.')));
}

// "Thu, Dec 3" for a local day ("2026-12-03"): already the workspace's day, so it is read as it is.
function day(date) {
  const [y, m, d] = String(date).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

// "1:03 PM" on the workspace's clock
function clock(iso, tz) {
  return new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

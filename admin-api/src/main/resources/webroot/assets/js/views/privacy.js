// Privacy: how long message bodies and voice transcripts are kept (the daily purge blanks older ones), erasing a
// caller by number (with a confirm step: it cannot be undone), and the opt-out ledger as CSV (hashes, no numbers).
import { api, session } from '../api.js';
import { badge, card, field, h, mount, phone, stamp, toast } from '../dom.js';

const MAX_DAYS = 3650;
const WHAT = {
  leads: ['lead', 'leads'], conversations: ['conversation', 'conversations'], messages: ['text', 'texts'],
  calls: ['call', 'calls'], voice_calls: ['voice call', 'voice calls'], voice_turns: ['voice turn', 'voice turns'],
  voice_transcripts: ['voice transcript', 'voice transcripts'],
  recording_references: ['recording reference', 'recording references'],
  intake_submissions: ['intake answer', 'intake answers'], intake_links: ['intake link', 'intake links'],
  callback_requests: ['callback request', 'callback requests'], consent_events: ['consent record', 'consent records'],
  opt_outs_kept_as_hash: ['opt-out kept as a hash', 'opt-outs kept as hashes'], emails: ['email', 'emails'],
  jobs: ['queued job', 'queued jobs'], webhook_deliveries: ['webhook delivery', 'webhook deliveries'],
  voice_alert_calls: ['alert call', 'alert calls'],
};

export async function privacySection(ws0, body, go) {
  const retention = await api(`/workspaces/${ws0.id}/privacy/retention`);
  mount(body, retentionCard(ws0, retention, go), eraseCard(ws0), ledgerCard(ws0));
}

function daysInput(name, value) {
  return h('input', { type: 'number', name, min: 1, max: MAX_DAYS, step: 1, value: value ?? '', placeholder: 'Keep for ever' });
}

function retentionCard(ws0, r, go) {
  const last = r.last_purge;
  return card('Keep messages and transcripts',
    h('p.muted', {}, 'Once a day, text bodies and voice transcripts older than this are blanked (the calls and texts ',
      'themselves stay, so counts and reports do not change). Leave empty to keep them for ever.'),
    h('form.row.wrap', { id: 'retention-form', onsubmit: async e => {
      e.preventDefault();
      const f = e.target.elements;
      const days = input => input.value.trim() === '' ? null : Number(input.value);
      try {
        await api(`/workspaces/${ws0.id}/privacy/retention`, { method: 'PUT',
          body: { message_body_days: days(f.message_body_days), transcript_days: days(f.transcript_days) } });
        toast('Retention saved.', 'ok');
        go();
      } catch (err) {
        toast(err.message, 'bad');
      }
    } },
    field('Text bodies (days)', daysInput('message_body_days', r.message_body_days), `1 to ${MAX_DAYS}`),
    field('Voice transcripts (days)', daysInput('transcript_days', r.transcript_days), `1 to ${MAX_DAYS}`),
    h('button.btn.primary', { type: 'submit' }, 'Save')),
    h('p.small.muted', { id: 'retention-last' }, !last ? 'No purge has run yet.'
      : last.status === 'done' ? `Last purge ${stamp(last.finished_at)}: ${count(last.messages_blanked, 'text body', 'text bodies')} `
        + `and ${count(last.transcripts_blanked, 'transcript', 'transcripts')} blanked.`
        : ['Today’s purge: ', badge(last.status === 'failed' ? 'failed, retried tomorrow' : 'waiting to run')]));
}

const count = (n, one, many) => `${n ?? 0} ${(n ?? 0) === 1 ? one : many}`;

function eraseCard(ws0) {
  const confirmBox = h('div', { id: 'erase-confirm' });
  const result = h('div', { id: 'erase-result' });
  const form = h('form.row.wrap', { id: 'erase-form', onsubmit: e => {
    e.preventDefault();
    const number = e.target.elements.phone.value.trim();
    mount(result);
    mount(confirmBox, h('div.notice.bad', {},
      h('p', {}, h('strong', {}, `Erase ${phone(number)} from ${ws0.name}?`), ' Their lead, conversations, texts, intake ',
        'answers, voice transcripts and recording references are deleted or anonymised for good. If they opted out, ',
        'they stay opted out (kept as a hash, not as the number). This cannot be undone.'),
      h('div.row', {},
        h('button.btn.danger', { id: 'erase-confirm-yes', type: 'button', onclick: async () => {
          try {
            const answer = await api(`/workspaces/${ws0.id}/privacy/erase`, { method: 'POST', body: { phone: number } });
            mount(confirmBox);
            form.reset();
            mount(result, erased(answer));
          } catch (err) {
            mount(confirmBox, h('div.notice.bad', {}, err.message));
          }
        } }, 'Yes, erase for good'),
        h('button.btn', { type: 'button', onclick: () => mount(confirmBox) }, 'Cancel'))));
  } },
  field('Caller’s number (E.164)', h('input', { type: 'tel', name: 'phone', placeholder: '+15005550100', required: true,
    pattern: '\\+[1-9][0-9]{6,14}' })),
  h('button.btn.danger', { type: 'submit' }, 'Erase…'));
  return card('Erase a caller',
    h('p.muted', {}, 'When a caller asks to be forgotten: everything this workspace keeps about their number. ',
      'The erasure is recorded in the audit log with the number’s hash, never the number.'),
    form, confirmBox, result);
}

function erased(answer) {
  const counts = Object.entries(answer.erased).filter(([, n]) => n > 0);
  return h('div.notice', {},
    h('p', {}, h('strong', {}, counts.length ? 'Erased.' : 'Nothing to erase: this workspace has no record of that number.')),
    counts.length ? h('ul', {}, counts.map(([what, n]) => h('li', {}, count(n, ...(WHAT[what] || [what.replace(/_/g, ' '), what.replace(/_/g, ' ')])))))
      : null,
    h('p.small.muted', {}, `Reference (the number’s hash): ${answer.number_hash.slice(0, 16)}…`));
}

function ledgerCard(ws0) {
  return card('Opt-out ledger',
    h('p.muted', {}, 'Every opt-out (STOP, a carrier’s block, “stop texting me”) with when and how, as the number’s ',
      'hash: evidence you can hand over without handing over anyone’s number.'),
    h('button.btn', { id: 'ledger-download', type: 'button', onclick: async () => {
      const response = await fetch(`/api/v1/workspaces/${ws0.id}/privacy/opt-out-ledger.csv`,
        { headers: { Authorization: `Bearer ${session.key()}` } });
      if (!response.ok) {
        toast('The ledger could not be exported.', 'bad');
        return;
      }
      const a = h('a', { href: URL.createObjectURL(await response.blob()),
        download: `opt-out-ledger-workspace-${ws0.id}.csv` });
      document.body.appendChild(a);
      a.click();
      a.remove();
    } }, 'Download ledger (CSV)'));
}

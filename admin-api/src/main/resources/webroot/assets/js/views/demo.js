// The embedded demo: make the Twilio simulator ring one of your numbers and hang up, then watch the
// caller's phone receive the text-back (the real webhook path runs, signature and all).
import { api } from '../api.js';
import { h, mount, phone, stamp, toast } from '../dom.js';

export async function openDemo(ctx) {
  const numbers = (await api('/numbers', { query: { active: 'true', workspace_id: ctx.workspaceId, limit: 100 } })).data;
  const back = h('div.drawer-back', { onclick: () => close(true) });
  const screen = h('div.screen', { id: 'demo-phone' }, h('div.from', {}, 'The caller’s phone'),
    h('div.empty', {}, 'Texts to the caller appear here.'));
  const caller = h('input', { type: 'tel', id: 'demo-caller', value: randomCaller(), 'aria-label': 'Caller number' });
  const number = h('select', { id: 'demo-number', 'aria-label': 'Number to call' }, numbers.map(n =>
    h('option', { value: n.id }, `${phone(n.phone_number)} · ${n.routing_mode}`)));
  const status = h('div.small.muted', { id: 'demo-status' });
  const voice = h('input', { type: 'checkbox', id: 'demo-voice' });
  const answers = h('input', { type: 'text', id: 'demo-voice-answers', style: { width: '100%' },
    value: 'My kitchen sink is leaking | 12 Main Street | Today please | After 5 pm',
    'aria-label': 'What the caller says to the voice assistant, answer by answer' });
  const transcript = h('ol.transcript', { id: 'demo-transcript', hidden: true });
  const leadLink = h('a.btn', { id: 'demo-open-lead', hidden: true, href: '#/leads', onclick: () => close(false) }, 'Open the lead →');
  const callButton = h('button.btn.primary', { id: 'demo-call', onclick: call, disabled: !numbers.length }, 'Call and hang up');
  const replyText = h('input', { type: 'text', id: 'demo-reply', placeholder: 'Text back as the caller…', maxlength: 1600,
    style: { flex: '1' }, disabled: true });
  const replyButton = h('button.btn.small', { id: 'demo-send-reply', disabled: true, onclick: reply }, 'Send');
  let current = null;
  const drawer = h('aside.drawer', { role: 'dialog', 'aria-label': 'Simulate a missed call' },
    h('div.row', {}, h('h2', { style: { margin: 0 } }, 'Simulate a missed call'), h('div.spacer'),
      h('button.btn.small', { onclick: () => close(true) }, 'Close')),
    h('p.muted', {}, 'The Twilio simulator sends this gateway the signed webhooks of a call nobody answered. ',
      'The gateway decides, texts back, and the text lands on the caller’s phone below.'),
    numbers.length ? null : h('div.notice.warn', {}, 'No active number in this workspace.'),
    h('div.stack', {}, h('label.field', {}, 'Number the caller dials', number),
      h('label.field', {}, 'Caller', caller),
      h('label.row', {}, voice, 'The caller talks to voice recovery (when the workspace turned it on)'),
      h('label.field', {}, 'The caller’s answers, separated by |', answers),
      h('div.row', {}, callButton, leadLink), status, transcript),
    h('div.phone', {}, h('div.notch'), screen,
      h('div.row', { style: { marginTop: '10px' } }, replyText, replyButton)));
  document.body.append(back, drawer);
  let timer = null;

  /** Closes the drawer; `refresh` redraws the page under it (it may show the new lead by now). */
  function close(refresh) {
    clearInterval(timer);
    back.remove();
    drawer.remove();
    if (refresh) ctx.go(location.hash);
  }

  async function call() {
    callButton.disabled = true;
    status.textContent = 'Ringing… nobody answers…';
    try {
      const request = { number_id: Number(number.value), caller: caller.value.trim() };
      if (voice.checked) request.voice = answers.value.split('|').map(a => a.trim()).filter(Boolean).slice(0, 8);
      const result = await api('/demo/missed-calls', { method: 'POST', body: request });
      status.textContent = `Missed call ${result.call_sid.slice(0, 10)}… delivered; the gateway answered ${result.webhook_status}.`;
      transcript.hidden = !result.transcript;
      mount(transcript, (result.transcript || []).map(line => h(`li.${line.speaker}`, { dataset: { speaker: line.speaker } },
        h('strong', {}, line.speaker === 'caller' ? 'Caller: ' : 'Assistant: '), line.text)));
      current = result.caller;
      replyText.disabled = false;
      replyButton.disabled = false;
      clearInterval(timer);
      timer = setInterval(() => poll(result.caller), 1500);
      poll(result.caller);
    } catch (e) {
      status.textContent = e.message;
      toast(e.message, 'bad');
    } finally {
      callButton.disabled = false;
    }
  }

  async function reply() {
    const body = replyText.value.trim();
    if (!body || !current) return;
    replyButton.disabled = true;
    try {
      await api(`/demo/phones/${encodeURIComponent(current)}/replies`, { method: 'POST', body: { number_id: Number(number.value), body } });
      replyText.value = '';
      poll(current);
    } catch (e) {
      toast(e.message, 'bad');
    } finally {
      replyButton.disabled = false;
    }
  }

  async function poll(who) {
    const [phoneView, found] = await Promise.all([api(`/demo/phones/${encodeURIComponent(who)}`),
      api('/leads', { query: { q: who, limit: 1 } })]);
    if (found.data.length) {
      leadLink.hidden = false;
      leadLink.href = `#/leads/${found.data[0].id}`;
    }
    mount(screen, h('div.from', {}, `${phone(who)}’s phone`),
      phoneView.messages.length ? phoneView.messages.map(m => m.direction === 'sent'
        ? h('div.bubble.out', { dataset: { sid: m.sid } }, m.body, h('div.meta', {}, `to ${phone(m.to)} · ${stamp(m.at)}`))
        : h('div.bubble.in', { dataset: { sid: m.sid } }, m.body, h('div.meta', {}, `from ${phone(m.from)} · ${stamp(m.at)}`)))
        : h('div.empty', {}, 'Waiting for the text-back…'));
  }
}

function randomCaller() {
  return '+1555' + String(2000000 + Math.floor(Math.random() * 7999999));
}

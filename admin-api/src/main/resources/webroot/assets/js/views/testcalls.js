// Test calls: the phones the business tests from (their calls run the whole live path but never count in caps,
// usage or reports), "Place a test call" (Twilio rings the tracked number from the test phone), and the last
// result, the setup check's verification line: "Test call received at … — text-back sent in N s".
import { api } from '../api.js';
import { badge, card, field, h, mount, phone, table, toast, when } from '../dom.js';

const POLL_MS = 2000;
const POLL_FOR_MS = 90000;

export async function testCallsSection(ws0, body, go) {
  const [callers, check] = await Promise.all([api(`/workspaces/${ws0.id}/test-callers`),
    api(`/workspaces/${ws0.id}/setup-check`)]);
  const result = h('div', { id: 'test-call-result' }, verification(check, callers.data));
  const place = h('button.btn.primary', { id: 'place-test-call', type: 'button', disabled: !callers.data.length,
    onclick: async () => {
      place.disabled = true;
      try {
        const call = await api(`/workspaces/${ws0.id}/test-calls`, { method: 'POST', body: {} });
        toast(`Calling ${phone(call.to)} from ${phone(call.from)}.`);
        mount(placed, h('p', {}, `Twilio is calling ${phone(call.to)} from ${phone(call.from)}. Nobody will answer: `,
          'the call is a missed test call, and the text-back goes to the test phone. The line above updates once it went out.'));
        poll(ws0, result, callers.data, Date.now());
      } catch (err) {
        mount(placed, h('div.notice.bad', { id: 'test-call-error' }, err.message));
      } finally {
        place.disabled = false;
      }
    } }, 'Place a test call');
  const placed = h('div', { id: 'test-call-placed' });
  mount(body,
    card(h('div.row', {}, h('h2', {}, 'Last test call'), h('div.spacer'), badge(`${callers.data.length} test phone${callers.data.length === 1 ? '' : 's'}`)),
      h('p.muted', {}, 'A call from a test phone runs the whole live path — the decision, the text-back, the conversation — ',
        'but is marked test: it never counts toward caps or usage, and reports, the overview and the daily summary leave it out.'),
      result,
      h('div.row.wrap', {}, place, h('span.small.muted', {}, callers.data.length
        ? 'Twilio may only call from a phone verified as a caller ID of the account; otherwise call the number from your test phone yourself.'
        : 'Register a test phone first.')),
      placed),
    card('Test phones', h('div.card.flush', {}, table([
      { title: 'Number', render: c => h('strong', {}, phone(c.number)) },
      { title: 'Whose', render: c => c.label || '—' },
      { title: 'Added', render: c => when(c.created_at) },
      { title: '', render: c => h('button.btn.small.danger', { onclick: async () => {
        await api(`/test-callers/${c.id}`, { method: 'DELETE' });
        go();
      } }, 'Remove') },
    ], callers.data))),
    card('Add a test phone', h('form.row.wrap', { id: 'add-test-caller', onsubmit: async e => {
      e.preventDefault();
      const f = e.target.elements;
      try {
        await api(`/workspaces/${ws0.id}/test-callers`, { method: 'POST',
          body: { number: f.number.value.trim(), ...(f.label.value.trim() ? { label: f.label.value.trim() } : {}) } });
        toast('Test phone added.');
        go();
      } catch (err) {
        toast(err.message, 'bad');
      }
    } }, field('Phone (E.164)', h('input', { type: 'tel', name: 'number', placeholder: '+15005550177', required: true,
        pattern: '\\+[1-9][0-9]{6,14}' })),
    field('Whose phone', h('input', { type: 'text', name: 'label', placeholder: "Owner's mobile", maxlength: 80 })),
    h('button.btn.primary', { type: 'submit' }, 'Add'))));
}

/** Each number's verification line from the setup check (its test_call item). */
function verification(check, callers) {
  if (!callers.length) return h('div.empty', {}, 'No test phone yet: add one below, then place a test call.');
  if (!check.numbers.length) return h('div.empty', {}, 'No active number to test.');
  return h('ul.check-list', {}, check.numbers.map(n => {
    const item = n.checks.find(c => c.key === 'test_call');
    return h('li', { dataset: { number: n.phone_number } }, h('span', { class: item?.ok ? 'ok' : 'no' }, item?.ok ? '✓' : '!'),
      h('div', {}, h('strong', {}, phone(n.phone_number)), h('div.small.muted.test-call-line', {}, item ? item.detail : '—')));
  }));
}

/** Re-reads the verification line until the number shows a text-back or the wait is over. */
function poll(ws0, result, callers, started) {
  setTimeout(async () => {
    if (!document.body.contains(result)) return;
    const check = await api(`/workspaces/${ws0.id}/setup-check`).catch(() => null);
    if (check) mount(result, verification(check, callers));
    const done = check && check.numbers.every(n => n.checks.find(c => c.key === 'test_call')?.ok);
    if (!done && Date.now() - started < POLL_FOR_MS) poll(ws0, result, callers, started);
  }, POLL_MS);
}

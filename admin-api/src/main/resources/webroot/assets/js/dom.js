// Small DOM and formatting helpers. Text always goes in as text nodes, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name || 'div');
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = [el.className, value].filter(Boolean).join(' ');
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'style' && typeof value === 'object') Object.assign(el.style, value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function phone(e164) {
  if (!e164) return '—';
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

// Times are shown in the workspace's zone, the zone its texts to callers use, never the browser's: a view
// names the zone once (zoneNote) and passes it to stamp/when, or relies on the page's zone set by the app.
let pageZone = 'UTC';
const formats = new Map();

export function useZone(tz) {
  pageZone = tz || 'UTC';
}

export function zoneOfPage() {
  return pageZone;
}

function format(tz, options) {
  const zone = tz || pageZone;
  const key = zone + JSON.stringify(options);
  if (!formats.has(key)) {
    try {
      formats.set(key, new Intl.DateTimeFormat('en-US', { timeZone: zone, ...options }));
    } catch {
      formats.set(key, new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', ...options }));
    }
  }
  return formats.get(key);
}

export function when(iso, tz) {
  if (!iso) return '—';
  const d = new Date(iso);
  const seconds = Math.round((Date.now() - d.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 7 * 86400) return `${Math.round(seconds / 86400)} d ago`;
  return format(tz, { month: 'short', day: 'numeric', year: 'numeric' }).format(d);
}

/** "Dec 4, 1:37 PM" in the zone (the page's when none is given). */
export function stamp(iso, tz) {
  if (!iso) return '—';
  return format(tz, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

/** A relative time ("3 min ago") with the exact time in the zone on hover. */
export function ago(iso, tz) {
  return h('span', { title: iso ? stamp(iso, tz) : null }, when(iso, tz));
}

/**
 * "Times in America/Chicago": once per page, so nobody reads them in their own zone. With several zones
 * (all workspaces, in different zones) each row is shown in its workspace's zone and the note says so.
 */
export function zoneNote(zones) {
  const list = [...new Set([].concat(zones || pageZone))];
  return h('span.zone-note', { id: 'zone-note', dataset: { zone: list.join(' ') } }, list.length > 1
    ? `Times in each workspace's own zone (${list.join(', ')})` : `Times in ${list[0]}`);
}

/** "30 seconds", "5 minutes", "2 hours", "1 hour 30 minutes", "1 day". */
export function duration(totalSeconds) {
  if (totalSeconds === null || totalSeconds === undefined || totalSeconds === '') return '—';
  let rest = Math.round(Number(totalSeconds));
  if (!Number.isFinite(rest)) return '—';
  if (rest === 0) return '0 seconds';
  const parts = [];
  for (const [size, word] of [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']]) {
    const n = Math.floor(rest / size);
    if (n) parts.push(`${n} ${word}${n === 1 ? '' : 's'}`);
    rest -= n * size;
  }
  return parts.slice(0, 2).join(' ');
}

const URGENCY_WORDS = { emergency: 'Emergency', urgent: 'Urgent', today: 'Today', this_week: 'This week', flexible: 'Flexible' };
/** The lead's urgency in words: the known values by name, the caller's own words as they said them. */
export function urgencyWords(u) {
  if (!u) return null;
  if (URGENCY_WORDS[u]) return URGENCY_WORDS[u];
  const words = u.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function urgencyBadge(u) {
  if (!u) return h('span.muted', {}, '—');
  const tone = u === 'emergency' || u === 'urgent' ? 'bad' : u === 'today' ? 'warn' : '';
  return badge(urgencyWords(u), tone, { 'data-urgency': u });
}

export function percent(rate) {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

export function seconds(value) {
  if (value === null || value === undefined) return '—';
  if (value < 60) return `${value.toFixed(value < 10 ? 1 : 0)} s`;
  if (value < 3600) return `${Math.round(value / 60)} min`;
  return `${(value / 3600).toFixed(1)} h`;
}

export function badge(text, tone = '', attrs = {}) {
  return h(`span.badge${tone ? '.' + tone : ''}`, attrs, text);
}

const STAGE_TONES = { new: 'info', engaged: 'brand', qualified: 'warn', won: 'ok', lost: '' };
export function stageBadge(stage) {
  return badge(stage, STAGE_TONES[stage] || '', { 'data-stage': stage });
}

export function reasonBadge(reason) {
  if (!reason) return badge('No decision yet');
  const tone = ['texted', 'voice_recovered'].includes(reason.code) ? 'ok'
    : ['answered', 'not_final', 'duplicate_webhook'].includes(reason.code) ? '' : 'warn';
  return badge(reason.label, tone, { 'data-reason': reason.code, title: reason.code });
}

export function toast(message, tone = '') {
  let box = document.querySelector('.toasts');
  if (!box) box = document.body.appendChild(h('div.toasts'));
  const t = box.appendChild(h(`div.toast${tone ? '.' + tone : ''}`, { role: 'status' }, message));
  setTimeout(() => t.remove(), 4500);
}

export function field(label, input, help) {
  return h('label.field', {}, label, input, help ? h('span.help', {}, help) : null);
}

export function card(title, ...children) {
  return h('section.card', {}, title ? h('div.card-head', {}, typeof title === 'string' ? h('h2', {}, title) : title) : null,
    ...children);
}

export function table(columns, rows, onClick) {
  if (!rows.length) return h('div.empty', {}, 'Nothing here yet.');
  return h('table.list', {},
    h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c.title)))),
    h('tbody', {}, rows.map(row => h(`tr${onClick ? '.click' : ''}`, { onclick: onClick ? () => onClick(row) : null,
      dataset: { id: row.id } }, columns.map(c => h('td', {}, c.render(row)))))));
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

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

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  const seconds = Math.round((Date.now() - d.getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  if (seconds < 7 * 86400) return `${Math.round(seconds / 86400)} d ago`;
  return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric', year: 'numeric' });
}

export function stamp(iso) {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
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

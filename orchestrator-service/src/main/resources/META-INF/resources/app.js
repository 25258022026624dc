// Admin page of the orchestrator: plain DOM, no framework. Every value from the cluster or Kafka is written with
// textContent, never as HTML, because pod names, labels and reasons come from outside.
'use strict';

const TOKEN_KEY = 'c2intents.token';
const MAX_FLOW_ROWS = 300;
const state = { infected: new Set(), incidents: new Map(), flowSources: [] };

function $(id) { return document.getElementById(id); }

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

function headers(json) {
  const h = {};
  if (token()) h['Authorization'] = 'Bearer ' + token();
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

function say(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = 'status ' + (kind || 'muted');
}

async function api(method, path, body) {
  const response = await fetch(path, { method, headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : (response.status + ' ' + response.statusText);
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return data;
}

async function command(label, method, path, body) {
  say(label + ': sending…');
  try {
    const accepted = await api(method, path, body);
    const text = label + ' accepted: ' + (accepted.message || '') + ' — id ' + accepted.commandId
      + (accepted.skipped && accepted.skipped.length ? ' (skipped: ' + accepted.skipped.join('; ') + ')' : '');
    say(text, 'ok');
    $('status').dataset.commandId = accepted.commandId;
    if (accepted.follow && accepted.follow.startsWith('/api/commands/')) follow(label, accepted.follow);
    return accepted;
  } catch (e) {
    say(label + ' failed: ' + e.message + (e.status === 401 ? ' — enter the API token above.' : ''), 'error');
    return null;
  }
}

// Follows a simulator command until its outcome arrives (the simulator answers on simulator-events).
async function follow(label, path) {
  for (let i = 0; i < 60; i++) {
    await new Promise(r => setTimeout(r, 1000));
    try {
      const status = await api('GET', path);
      if (status.state !== 'pending' && status.state !== 'waiting') {
        say(label + ' ' + status.state + (status.message ? ': ' + status.message : ''),
          status.state === 'done' ? 'ok' : 'error');
        refreshCluster();
        return;
      }
    } catch (e) { /* not known yet */ }
  }
}

// Server-sent events over fetch, so the bearer token can go in a header (EventSource cannot send one).
function stream(path, onItem, onState) {
  let stopped = false;
  const controller = new AbortController();
  (async function loop() {
    while (!stopped) {
      try {
        const response = await fetch(path, { headers: Object.assign({ Accept: 'text/event-stream' }, headers(false)),
          signal: controller.signal });
        if (!response.ok) throw new Error(response.status + ' ' + response.statusText);
        onState && onState('live');
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = event.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5)).join('\n');
            if (data) { try { onItem(JSON.parse(data)); } catch (e) { console.warn('bad event', e); } }
          }
        }
      } catch (e) {
        if (stopped) return;
        onState && onState('reconnecting (' + e.message + ')');
      }
      if (!stopped) await new Promise(r => setTimeout(r, 2000));
    }
  })();
  return () => { stopped = true; controller.abort(); };
}

function marks(item, extra) {
  const span = el('span');
  if (item.infected) span.append(el('span', { class: 'mark infected', title: 'open C2 incident' }, '★ infected'));
  if (item.quarantined) span.append(el('span', { class: 'mark quarantined' }, 'quarantined'));
  if (item.evicted) span.append(el('span', { class: 'mark evicted' }, 'evicted'));
  if (extra) span.append(extra);
  return span;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows);
  if (!rows.length) tbody.append(el('tr', {}, el('td', { colspan: 5, class: 'muted empty' }, 'none')));
}

async function refreshCluster() {
  try {
    const [pods, nodes, deployments] = await Promise.all([
      api('GET', '/api/cluster/pods'), api('GET', '/api/cluster/nodes'), api('GET', '/api/cluster/deployments')]);
    $('cluster-error').textContent = '';
    fill(document.querySelector('#pods-table tbody'), pods.map(p => el('tr',
      { class: p.infected ? 'infected' : null, 'data-pod': p.namespace + '/' + p.name },
      el('td', {}, (p.infected ? '* ' : '') + p.name), el('td', {}, p.phase || ''), el('td', {}, p.node || ''),
      el('td', {}, p.ip || ''), el('td', {}, marks(p)))));
    fill(document.querySelector('#nodes-table tbody'), nodes.map(n => el('tr',
      { class: n.infected ? 'infected' : null, 'data-node': n.name },
      el('td', {}, (n.infected ? '* ' : '') + n.name), el('td', {}, n.ready ? 'yes' : 'no'), el('td', {}, n.pods),
      el('td', {}, marks(n, n.cordoned ? el('span', { class: 'mark cordoned' }, 'cordoned') : null)))));
    fill(document.querySelector('#deployments-table tbody'), deployments.map(d => el('tr',
      { class: d.infected ? 'infected' : null, 'data-deployment': d.name },
      el('td', {}, (d.infected ? '* ' : '') + d.name), el('td', {}, d.readyReplicas + '/' + d.replicas),
      el('td', {}, marks(d)))));
  } catch (e) {
    $('cluster-error').textContent = 'cluster: ' + e.message;
  }
}

function endpoint(end, infected) {
  const name = end.pod ? end.namespace + '/' + end.pod : (end.ip || '?');
  const cell = el('td', { class: infected ? 'infected' : null, title: end.ip || '' }, (infected ? '★ ' : '') + name);
  return cell;
}

function flowRow(f) {
  const infected = f.sourceInfected || f.destinationInfected;
  return el('tr', { class: [f.verdict === 'DROPPED' ? 'dropped' : '', infected ? 'infected-flow' : ''].join(' ').trim() || null,
      'data-seq': f.seq },
    el('td', {}, (f.time || '').replace('T', ' ').replace('Z', '')),
    endpoint(f.source || {}, f.sourceInfected), endpoint(f.destination || {}, f.destinationInfected),
    el('td', {}, (f.protocol || '') + (f.reply ? ' reply' : '')),
    el('td', { class: 'verdict', title: f.dropReason || '' }, f.verdict + (f.dropReason ? ' (' + f.dropReason + ')' : '')),
    el('td', {}, f.node || ''));
}

function addFlow(f, atTop) {
  if ($('flows-paused').checked) return;
  const body = $('flows-body');
  const row = flowRow(f);
  if (atTop) body.prepend(row); else body.append(row);
  while (body.rows.length > MAX_FLOW_ROWS) body.deleteRow(body.rows.length - 1);
}

let stopFlows = null;
async function startFlows() {
  if (stopFlows) stopFlows();
  const query = $('flows-infected-only').checked ? '?infected=true' : '';
  $('flows-body').replaceChildren();
  try {
    const recent = await api('GET', '/api/flows' + (query ? query + '&' : '?') + 'last=100');
    recent.forEach(f => addFlow(f, false));
  } catch (e) { $('flows-state').textContent = e.message; }
  stopFlows = stream('/api/flows/stream' + query, f => addFlow(f, true), s => { $('flows-state').textContent = s; });
}

function renderIncidents() {
  const list = [...state.incidents.values()].sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || ''));
  // infected: OPEN or CONTAINED; RESOLVED, RELEASED (a person lifted the quarantine) and GONE (the pod no longer
  // exists) are history
  state.infected = new Set(list.filter(i => i.status === 'OPEN' || i.status === 'CONTAINED').map(i => i.pod));
  const box = $('incidents');
  if (!list.length) { box.replaceChildren(el('p', { class: 'muted empty' }, 'No incident yet.')); return; }
  box.replaceChildren(...list.slice(0, 50).map(i => el('div', { class: 'incident ' + i.status, 'data-incident': i.id, 'data-pod': i.pod },
    el('div', { class: 'head' },
      el('span', { class: 'badge ' + i.status }, i.status),
      el('strong', {}, i.pod),
      el('span', { class: 'muted small' }, [i.node ? 'node ' + i.node : null, i.workload,
        i.destinations && i.destinations.length ? 'C2 ' + i.destinations.join(', ') : null, i.id].filter(Boolean).join(' · ')),
      marks({ quarantined: i.quarantined, evicted: i.evicted })),
    el('ol', { class: 'timeline' }, ...(i.timeline || []).map(t => el('li', { class: t.status || '' },
      el('span', { class: 'when' }, (t.at || '').replace('T', ' ').replace('Z', '')),
      el('span', { class: 'kind' }, t.kind === 'mitigation' ? (t.status + ' ' + (t.action || t.technique || ''))
        : t.kind === 'request' ? ('requested ' + (t.action || t.technique || t.status))
        : t.kind === 'gone' ? 'POD GONE' : t.kind === 'released' ? 'RELEASED by operator' : 'ALERT ' + (t.status || '')),
      el('span', {}, (t.technique && t.kind !== 'alert' ? '[' + t.technique + '] ' : '') + (t.summary || '')
        + (t.dryRun ? ' (dry run)' : ''))))))));
}

async function startIncidents() {
  try {
    const list = await api('GET', '/api/incidents');
    list.forEach(i => state.incidents.set(i.id, i));
    renderIncidents();
  } catch (e) { say('incidents: ' + e.message, 'error'); }
  let timer = null;
  stream('/api/incidents/stream', i => {
    state.incidents.set(i.id, i);
    renderIncidents();
    // a new or changed incident changes the marks on pods, nodes and deployments
    clearTimeout(timer);
    timer = setTimeout(refreshCluster, 300);
  });
}

function init() {
  $('token').value = token();
  $('token-state').textContent = token() ? 'token set' : 'no token: actions will be refused';
  $('token-form').addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token-state').textContent = token() ? 'token set' : 'no token: actions will be refused';
    startFlows();
  });
  document.querySelectorAll('[data-experiment]').forEach(b => b.addEventListener('click', () =>
    command(b.textContent.trim(), 'POST', '/api/experiment/' + b.dataset.experiment)));
  $('btn-infect').addEventListener('click', () => {
    const pod = $('infect-pod').value.trim();
    command('Infect', 'POST', '/api/experiment/infect', pod ? { pod } : {});
  });
  document.querySelectorAll('[data-technique]').forEach(b => b.addEventListener('click', () =>
    command(b.dataset.technique, 'POST', '/api/mitigations/infected',
      { technique: b.dataset.technique, mode: $('dry-run').checked ? 'dry-run' : 'apply' })));
  $('btn-refresh').addEventListener('click', refreshCluster);
  $('flows-infected-only').addEventListener('change', startFlows);
  refreshCluster();
  setInterval(refreshCluster, 10000);
  startIncidents();
  startFlows();
}

document.addEventListener('DOMContentLoaded', init);

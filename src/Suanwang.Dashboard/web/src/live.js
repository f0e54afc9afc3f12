// The live feed (GET /v1/live, server-sent events). EventSource cannot send an Authorization
// header, so the stream is read with fetch and parsed here. One connection per tab, shared by the
// pages; it reconnects after a pause when it drops. The broker limits open streams per tenant
// (429 with Retry-After): then the tab waits as long as it is told before trying again.
import { session } from './api.js';

const listeners = new Set();
let controller = null;
let connected = false;
const statusListeners = new Set();

export function onLive(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function onLiveStatus(listener) {
  statusListeners.add(listener);
  listener(connected);
  return () => statusListeners.delete(listener);
}

function setConnected(value) {
  connected = value;
  for (const l of statusListeners) l(value);
}

export function startLive() {
  stopLive();
  controller = new AbortController();
  run(controller.signal);
}

export function stopLive() {
  controller?.abort();
  controller = null;
  setConnected(false);
}

async function run(signal) {
  while (!signal.aborted) {
    let pauseMs = 3000;
    try {
      const response = await fetch('/v1/live', { headers: { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' }, signal, cache: 'no-store' });
      if (response.status === 401) return;
      const retryAfter = Number(response.headers.get('Retry-After'));
      if (response.status === 429 && retryAfter > 0) pauseMs = Math.max(pauseMs, retryAfter * 1000);
      if (!response.ok || !response.body) throw new Error(`live feed: HTTP ${response.status}`);
      setConnected(true);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    setConnected(false);
    await new Promise(resolve => setTimeout(resolve, pauseMs));
  }
}

function dispatch(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return;
  let payload;
  try { payload = JSON.parse(data.join('\n')); } catch { return; }
  for (const listener of listeners) {
    try { listener(type, payload); } catch (e) { console.error(e); }
  }
}

// The Teams-like page (served by teams-web-server.ts). Plain browser JavaScript, no bundler:
// `window.AdaptiveCards` is the official renderer, loaded by a classic script before this module.
//
// What it does, as Teams does:
// - polls GET /activities every 250 ms and shows the selected channel's posts with their replies;
//   a message is re-rendered only when it changed, so typing into a card survives the polling;
// - Send posts a channel `message` that @mentions the bot (a new post, as "Start a post" does);
// - Action.Execute posts an `invoke` `adaptiveCard/action` and replaces the card, for the signed-in
//   user, with the card in the invoke response (an error response is shown under the card);
//   a later update of the message by the bot replaces that again;
// - a card whose `refresh.userIds` lists the signed-in user is refreshed automatically
//   (trigger `automatic`) once per version of the message.
// Test hooks: each message is an <article data-id data-version data-view>, where data-view says
// which card is shown: `posted` (the connector's state), `invoke` or `refresh` (a response).

import { teamsHostConfig } from './teams-host-config.mjs';

const AC = window.AdaptiveCards;
const POLL_MS = 250;
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const hostConfig = new AC.HostConfig(teamsHostConfig);

const $ = (id) => document.getElementById(id);

const state = {
  config: undefined,
  me: undefined,
  channelId: undefined,
  /** The latest GET /activities, by id. */
  messages: new Map(),
  /** id → { card, version, source, seq }: a response card shown instead of the posted one until the bot updates it. */
  shown: new Map(),
  /** id → { text, kind: 'error' | 'message' } shown under the card: the last action's error, or a message response. */
  notes: new Map(),
  /** ids with an action in flight. */
  busy: new Set(),
  /** `${id}@${version}` already refreshed automatically for the signed-in user. */
  refreshed: new Set(),
  /** id → { signature, element } of what is in the DOM. */
  rendered: new Map(),
  order: '',
  /** What the channel list shows, to rebuild it only when it changed. */
  chrome: '',
};

let lastId = 0;
let responses = 0;
/** Teams message ids are epoch milliseconds; keep ours unique within the page. */
function newId() {
  lastId = Math.max(Date.now(), lastId + 1);
  return String(lastId);
}

// ---- Text: the small markdown subset Teams renders in messages and TextBlocks -------------------

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function markdownToHtml(text) {
  return escapeHtml(text)
    .replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">@$1</span>')
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/^[-*] /gm, '• ')
    .replace(/\n/g, '<br>');
}

AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
  result.outputHtml = markdownToHtml(text);
  result.didProcess = true;
};

// ---- Activities the page sends ------------------------------------------------------------------

/** The team's channels, then any other conversation the bot posted to (a 1:1 or group chat), shown read-only. */
function conversations() {
  const known = new Set(state.config.channels.map((c) => c.id));
  const others = [...new Set([...state.messages.values()].map((m) => m.channelId))].filter((id) => !known.has(id));
  return [...state.config.channels.map((c) => ({ ...c, isChannel: true })), ...others.map((id) => ({ id, name: `Chat ${id}`, isChannel: false }))];
}

function channelOf(id) {
  return conversations().find((c) => c.id === id) ?? { id, name: id, isChannel: false };
}

/** The fields every activity from Teams carries, for a conversation in one of the team's channels. */
function baseActivity(conversationId, channelId) {
  const { me, config } = state;
  return {
    id: newId(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: config.serviceUrl,
    channelId: 'msteams',
    from: { id: me.teamsId, name: me.name, aadObjectId: me.aadObjectId },
    recipient: { id: config.bot.id, name: config.bot.name },
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: config.tenantId },
    channelData: {
      teamsTeamId: config.team.id,
      teamsChannelId: channelId,
      team: { id: config.team.id, name: config.team.name },
      channel: { id: channelId, name: channelOf(channelId).name },
      tenant: { id: config.tenantId },
    },
    locale: navigator.language || 'en-US',
  };
}

/** A new post in the current channel that @mentions the bot, as a channel message reaches a bot. */
function postMessage(text) {
  const mention = `<at>${state.config.bot.name}</at>`;
  const activity = baseActivity(state.channelId, state.channelId);
  activity.conversation.id = `${state.channelId};messageid=${activity.id}`;
  return send({
    ...activity,
    type: 'message',
    text: `${mention} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', mentioned: { id: state.config.bot.id, name: state.config.bot.name }, text: mention }],
  });
}

function invokeActivity(message, action, trigger) {
  return {
    ...baseActivity(message.conversationId, message.channelId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: message.id,
    value: { action, trigger },
  };
}

async function send(activity) {
  const response = await fetch('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await response.text();
  let body;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

// ---- Card actions -------------------------------------------------------------------------------

/** Applies an AdaptiveCardInvokeResponse: a card replaces the shown one, an error is shown under it. */
function applyInvokeResponse(message, response, source) {
  const { status, body } = response;
  const latest = state.messages.get(message.id)?.version ?? message.version;
  if (status === 200 && body?.type === ADAPTIVE_CARD && body.value !== undefined) {
    state.shown.set(message.id, { card: body.value, version: latest, source, seq: ++responses });
    state.notes.delete(message.id);
  } else if (body?.type === 'application/vnd.microsoft.error') {
    state.notes.set(message.id, { kind: 'error', text: body.value?.message ?? `The app answered ${body.statusCode}.` });
  } else if (status === 200 && body?.type === 'application/vnd.microsoft.activity.message') {
    // Teams shows such a response as a short message and keeps the card.
    state.notes.set(message.id, { kind: 'message', text: String(body.value ?? '') });
  } else {
    state.notes.set(message.id, { kind: 'error', text: `Something went wrong (HTTP ${status}${typeof body?.error === 'string' ? `: ${body.error}` : ''}).` });
  }
}

async function runAction(message, action, trigger) {
  const who = state.me;
  state.busy.add(message.id);
  render();
  try {
    const response = await send(invokeActivity(message, action, trigger));
    // The card was for someone else: the page has been signed in as another user since.
    if (state.me !== who) return;
    // Teams keeps the card as it was when an automatic refresh fails, and says nothing.
    if (trigger === 'automatic' && response.body?.type !== ADAPTIVE_CARD) console.warn('refresh failed', response);
    else applyInvokeResponse(message, response, trigger === 'automatic' ? 'refresh' : 'invoke');
  } catch (error) {
    if (trigger === 'manual') state.notes.set(message.id, { kind: 'error', text: `Could not reach the app: ${error.message}` });
  } finally {
    state.busy.delete(message.id);
    render();
  }
}

function onCardAction(message, action) {
  const type = action.getJsonTypeName();
  if (type === 'Action.Execute') {
    // `action.data` is the action's data merged with the card's input values.
    void runAction(message, { type, ...(action.id ? { id: action.id } : {}), verb: action.verb, data: action.data ?? {} }, 'manual');
  } else if (type === 'Action.Submit') {
    // Teams sends Action.Submit from a channel as a message carrying the data as `value`.
    const activity = baseActivity(message.conversationId, message.channelId);
    void send({ ...activity, type: 'message', replyToId: message.id, value: action.data ?? {} }).then(() => poll(false));
  } else if (type === 'Action.OpenUrl') {
    window.open(action.url, '_blank', 'noopener');
  }
}

/** Teams refreshes a card for the users listed in `refresh.userIds` when they see it. */
function maybeRefresh(message, card) {
  const refresh = card?.refresh;
  const action = refresh?.action;
  if (action?.type !== 'Action.Execute' || !Array.isArray(refresh.userIds) || !refresh.userIds.includes(state.me.teamsId)) return;
  const key = `${message.id}@${message.version}`;
  if (state.refreshed.has(key) || state.busy.has(message.id)) return;
  state.refreshed.add(key);
  // Not from inside render(), which is what calls this.
  queueMicrotask(() => void runAction(message, { type: 'Action.Execute', ...(action.id ? { id: action.id } : {}), verb: action.verb, data: action.data ?? {} }, 'automatic'));
}

// ---- Rendering ----------------------------------------------------------------------------------

function renderCard(json, message) {
  const card = new AC.AdaptiveCard();
  card.hostConfig = hostConfig;
  card.onExecuteAction = (action) => onCardAction(message, action);
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) console.warn('card parse:', context.getEventAt(i).message);
  const element = card.render();
  element.classList.add('card');
  return { element, warnings: context.eventCount };
}

/** Which card to show: a response card while the message has not changed since, else the posted one. */
function viewOf(message) {
  const shown = state.shown.get(message.id);
  if (shown !== undefined && shown.version === message.version) return { card: shown.card, view: shown.source };
  state.shown.delete(message.id);
  return { card: message.cards[0], view: 'posted' };
}

function initials(name) {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('');
}

function renderMessage(message, view) {
  const article = document.createElement('article');
  article.className = `message${message.from.isBot ? ' from-bot' : ''}`;
  article.dataset.id = message.id;
  article.dataset.version = String(message.version);
  article.dataset.view = view.card === undefined ? 'text' : view.view;
  if (state.busy.has(message.id)) article.setAttribute('aria-busy', 'true');

  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.textContent = initials(message.from.name);
  const body = document.createElement('div');
  body.className = 'message-body';
  const header = document.createElement('div');
  header.className = 'message-header';
  header.innerHTML = `<span class="author">${escapeHtml(message.from.name)}</span>${message.from.isBot ? '<span class="app-tag">App</span>' : ''}` +
    `<time>${new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>${message.version > 0 ? '<span class="edited">Edited</span>' : ''}`;
  body.append(header);

  if (message.deleted) {
    body.insertAdjacentHTML('beforeend', '<div class="text deleted">This message has been deleted.</div>');
  } else {
    // A card with a text fallback shows the card only, as Teams does.
    if (message.text !== '' && view.card === undefined) body.insertAdjacentHTML('beforeend', `<div class="text">${markdownToHtml(message.text)}</div>`);
    if (view.card !== undefined) {
      try {
        const { element, warnings } = renderCard(view.card, message);
        article.dataset.cardWarnings = String(warnings);
        body.append(element);
      } catch (error) {
        body.insertAdjacentHTML('beforeend', `<div class="card-error" role="alert">The card could not be shown: ${escapeHtml(error.message)}</div>`);
      }
    }
    if (state.busy.has(message.id)) body.insertAdjacentHTML('beforeend', '<div class="working">Working…</div>');
    const note = state.notes.get(message.id);
    if (note?.kind === 'error') body.insertAdjacentHTML('beforeend', `<div class="card-error" role="alert">${escapeHtml(note.text)}</div>`);
    if (note?.kind === 'message') body.insertAdjacentHTML('beforeend', `<div class="card-note" role="status">${escapeHtml(note.text)}</div>`);
  }
  article.append(avatar, body);
  return article;
}

/** Threads of the current channel, oldest first; a reply whose root is not shown stands for it. */
function threadsOfChannel() {
  const threads = new Map();
  for (const m of state.messages.values()) {
    if (m.channelId !== state.channelId) continue;
    const thread = threads.get(m.rootId) ?? { rootId: m.rootId, messages: [] };
    thread.messages.push(m);
    threads.set(m.rootId, thread);
  }
  for (const t of threads.values()) t.messages.sort((a, b) => (a.id === t.rootId ? -1 : b.id === t.rootId ? 1 : a.at - b.at));
  return [...threads.values()].sort((a, b) => a.messages[0].at - b.messages[0].at);
}

function render() {
  const threads = threadsOfChannel();
  const posts = $('posts');
  const elements = [];
  for (const thread of threads) {
    const section = state.rendered.get(`thread:${thread.rootId}`)?.element ?? document.createElement('section');
    section.className = 'thread';
    section.dataset.rootId = thread.rootId;
    state.rendered.set(`thread:${thread.rootId}`, { element: section });
    const children = [];
    for (const message of thread.messages) {
      const view = viewOf(message);
      const signature = JSON.stringify([message.version, message.deleted, message.text, view.view, state.shown.get(message.id)?.seq ?? 0, state.busy.has(message.id), state.notes.get(message.id) ?? null]);
      let entry = state.rendered.get(message.id);
      if (entry?.signature !== signature) {
        const element = renderMessage(message, view);
        entry?.element.replaceWith(element);
        entry = { signature, element };
        state.rendered.set(message.id, entry);
      }
      children.push(entry.element);
      if (view.view === 'posted' && view.card !== undefined) maybeRefresh(message, view.card);
    }
    // Only touch the DOM order when it changed: moving a node would take the focus from an input.
    const order = children.map((c) => c.dataset.id).join(',');
    if (section.dataset.order !== order) {
      section.replaceChildren(...children);
      section.dataset.order = order;
    }
    elements.push(section);
  }
  const order = threads.map((t) => t.rootId).join(',');
  if (state.order !== order) {
    const atBottom = posts.scrollHeight - posts.scrollTop - posts.clientHeight < 40;
    posts.replaceChildren(...elements);
    state.order = order;
    if (atBottom) posts.scrollTop = posts.scrollHeight;
  }
}

function renderChrome() {
  const { config } = state;
  const all = conversations();
  const signature = JSON.stringify([state.channelId, all.map((c) => c.id)]);
  if (state.chrome === signature) return;
  state.chrome = signature;
  $('team-name').textContent = config.team.name;
  $('channels').replaceChildren(
    ...all.map((c) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = c.name;
      button.dataset.channelId = c.id;
      if (c.id === state.channelId) button.setAttribute('aria-current', 'page');
      button.addEventListener('click', () => selectChannel(c.id));
      item.append(button);
      return item;
    }),
  );
  const current = channelOf(state.channelId);
  $('channel-name').textContent = current.name;
  $('compose-mention').textContent = current.isChannel ? `@${config.bot.name}` : '';
  // Posting is modelled for the team's channels only.
  $('compose-text').disabled = !current.isChannel;
  $('send').disabled = !current.isChannel;
  $('compose-text').placeholder = current.isChannel ? 'Start a post' : 'Read-only here: the test client posts in team channels only';
}

/** Forgets everything rendered, e.g. because another user now looks at the page. */
function resetView() {
  state.shown.clear();
  state.notes.clear();
  state.refreshed.clear();
  state.rendered.clear();
  state.order = '';
  $('posts').replaceChildren();
}

function selectChannel(id) {
  state.channelId = id;
  resetView();
  renderChrome();
  render();
}

// ---- Start --------------------------------------------------------------------------------------

async function poll(again = true) {
  try {
    const response = await fetch('/activities', { cache: 'no-store' });
    const { messages } = await response.json();
    state.messages = new Map(messages.map((m) => [m.id, m]));
    renderChrome();
    render();
    document.body.dataset.polls = String(Number(document.body.dataset.polls ?? '0') + 1);
  } catch (error) {
    $('status').textContent = `Connection to the test harness failed: ${error.message}`;
  } finally {
    if (again) setTimeout(() => void poll(true), POLL_MS);
  }
}

async function start() {
  state.config = await (await fetch('/config')).json();
  state.me = state.config.people[0];
  state.channelId = state.config.initialChannelId;

  const picker = $('signed-in-as');
  picker.replaceChildren(...state.config.people.map((p) => new Option(p.name, p.aadObjectId)));
  picker.addEventListener('change', () => {
    state.me = state.config.people.find((p) => p.aadObjectId === picker.value);
    resetView();
    render();
  });

  $('compose').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('compose-text');
    const text = input.value.trim();
    if (text === '') return;
    input.value = '';
    $('status').textContent = '';
    void postMessage(text).then(
      (response) => {
        if (response.status !== 200) $('status').textContent = `The app answered HTTP ${response.status}: ${JSON.stringify(response.body)}`;
        return poll(false);
      },
      (error) => {
        $('status').textContent = `Sending failed: ${error.message}`;
      },
    );
  });

  renderChrome();
  document.body.dataset.ready = 'true';
  await poll();
}

void start();

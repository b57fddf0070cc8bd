// One live room (docs/realtime-protocol.md). Draws only what the server sends: plain
// fields through textContent, message and proposal bodies as the server's sanitised
// body_html. The page holds one window of the history, a run of seqs without gaps
// (`low`..`high`, at most MAX_KEPT messages): it opens with the latest messages, asks for
// older ones (`history {before_seq}`) as the reader scrolls up and newer ones as they
// scroll down again, and a link to a message opens the window around it. While the window
// reaches the room's end, new messages join it; a gap that does not fill, and every
// reconnect, asks for `sync` from `high` (after a long absence, for the latest window
// instead), so the view has no gaps and no duplicates. Edits, deletions,
// reactions, pins and proposal changes go through the REST API; everyone, the person
// who made them too, sees them when the server's `message.updated` / `proposal.updated`
// arrives.
import { setupMentions } from "./room-mentions.js";
import { setupCoedit } from "./room-coedit.js";
import { setupProposals } from "./room-proposals.js";
import { setupPolls } from "./room-polls.js";
import { setupTopics } from "./room-topics.js";

const root = document.getElementById("room");
const text = (key) => root.dataset[`text${key}`] || "";
const $ = (id) => document.getElementById(id);

const REACTIONS = ["👍", "❤️", "💡", "❓"];
const messages = new Map(); // seq -> message payload, for the seqs low..high (and early arrivals)
const MAX_KEPT = 300; // messages held at most; the far side of the window is let go
const CATCH_UP_LIMIT = 200; // more missed than this: open the latest window instead
const history = { low: 0, high: 0, last: 0, moreAbove: false, live: true, loading: false };
const seqOfId = new Map(); // message id -> seq
const pending = new Map(); // client_id -> {body, reply_to}, until acknowledged
// The author's drafts the server holds after a personal-data warning: client_id ->
// {body, reply_to, findings, afterSeq}. The server discards a draft when its author's next
// message is stored (docs/realtime-protocol.md), so that message's ack, or a newer
// message of the author's (seq above afterSeq), removes it here too.
const held = new Map();
let socket = null;
let me = null;
let roomStatus = root.dataset.status || "open";
let attempt = 0;
let gapTimer = null;
let lastTyping = 0;
let reconnectTimer = null;
let replyTo = null; // id of the message the composer answers
const typists = new Map(); // user id -> timer
const awaitingQuote = new Set(); // ids of quoted messages not here yet

function newClientId() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

function send(frame) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(frame));
    return true;
  }
  return false;
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// A REST call with the session and CSRF token; resolves to {ok, status, data}.
async function api(url, method = "GET", data = undefined) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
  if (data !== undefined) headers["Content-Type"] = "application/json";
  try {
    const response = await fetch(url, {
      method,
      headers,
      credentials: "same-origin",
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    const payload = response.status === 204 ? null : await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, data: payload };
  } catch {
    return { ok: false, status: 0, data: null };
  }
}

function showError(result) {
  const detail = result && result.data && typeof result.data.detail === "string" ? result.data.detail : "";
  $("room-error").textContent = detail || text("Failed");
}

function setStatus(label) {
  $("room-connection").textContent = label;
}

function button(label, action, onClick) {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = label;
  if (action) element.dataset.action = action;
  element.addEventListener("click", onClick);
  return element;
}

function messageById(id) {
  return messages.get(seqOfId.get(id));
}

function messageUrl(id) {
  return `${root.dataset.messagesUrl}${id}/`;
}

// Re-drawing an element must not throw a keyboard user out of it: remember which control
// had focus (by its data-key) and focus the new one.
function keepingFocus(container, draw) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.key : undefined;
  draw();
  if (key) container.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
}

// Times in the page's language, not the browser's ("12:04" on a Dutch page).
const language = document.documentElement.lang || undefined;
const timeFormat = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit" });
const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "short" });

// The window's end moves on over the messages that arrived in order (no walk from seq 1).
function contiguousSeq() {
  while (messages.has(history.high + 1)) history.high += 1;
  if (!history.low && history.high) history.low = Math.min(...messages.keys());
  return history.high;
}

// --- The socket --------------------------------------------------------------------------

function connect() {
  window.clearTimeout(reconnectTimer);
  if (socket && socket.readyState <= WebSocket.OPEN) return;
  setStatus(text("Connecting"));
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const current = new WebSocket(`${scheme}//${window.location.host}${root.dataset.socketPath}`);
  socket = current;
  current.addEventListener("message", (event) => handle(JSON.parse(event.data)));
  current.addEventListener("close", (event) => {
    if (current !== socket) return;
    if (event.code === 4401 || event.code === 4403) {
      setStatus(text("Refused"));
      return;
    }
    setStatus(text("Offline"));
    // Exponential backoff with full jitter, so a restarted server is not stormed.
    const ceiling = Math.min(15000, 500 * 2 ** attempt);
    attempt += 1;
    reconnectTimer = window.setTimeout(connect, Math.random() * ceiling);
  });
}

// A dead network does not always close a socket: drop it ourselves, and come back (then
// sync) as soon as the browser is online again.
window.addEventListener("offline", () => socket?.close());
window.addEventListener("online", () => {
  attempt = 0;
  connect();
});

const handlers = {
  hello(frame) {
    attempt = 0;
    me = frame.user;
    history.loading = false;
    setStatus(text("Connected"));
    showRoomStatus(frame.room.status);
    renderPresence(frame.presence);
    catchUp(frame.last_seq);
    for (const [clientId, post] of pending) send({ type: "message.send", client_id: clientId, ...post });
    // A "Send anyway" the lost connection swallowed: the warning comes back.
    for (const [clientId, draft] of held) holdDraft(clientId, draft);
    proposalsPanel.load();
    pollsPanel.load();
    topics.load();
    topics.loadModeration();
    coedit.resubscribe();
  },
  "message.new"(frame) {
    const message = frame.message;
    stoppedTyping(message.author?.id);
    history.last = Math.max(history.last, message.seq);
    if (!history.live) {
      // The reader is further back in the history: the new message waits on the server.
      if (!me || message.author.id !== me.id) $("room-new-messages").hidden = false;
      else showLatest();
    } else if (message.seq > history.high) {
      upsertMessage(message);
      if (message.seq > contiguousSeq() + 1) scheduleGapSync();
      trimWindow("above");
    } else if (messages.has(message.seq)) {
      upsertMessage(message);
    }
    // A draft released, or a newer message of the author's (from another tab, or the
    // API): the server keeps none of their drafts any more.
    if (me && message.author.id === me.id && held.size) {
      const released = held.has(message.client_id);
      for (const [clientId, draft] of held) if (released || message.seq > draft.afterSeq) dropDraft(clientId);
    }
  },
  "message.updated"(frame) {
    if (messages.has(frame.message.seq)) upsertMessage(frame.message);
    if (frame.message.hidden) topics.loadModeration();
  },
  "poll.new"(frame) {
    pollsPanel.upsert(frame.poll);
  },
  "poll.updated"(frame) {
    pollsPanel.upsert(frame.poll);
  },
  "poll.voted"() {
    $("room-error").textContent = "";
  },
  "topic.updated"(frame) {
    topics.changed(frame.topic);
  },
  ack(frame) {
    // A message sent after the drafts was stored, or a draft was confirmed: the server has
    // discarded every other draft of the author's, or released this one.
    if (pending.delete(frame.client_id) || held.has(frame.client_id)) {
      for (const clientId of [...held.keys()]) dropDraft(clientId);
    }
    placeholderOf(frame.client_id)?.remove();
  },
  "sync.done"() {
    if (contiguousSeq() >= history.last) window.clearTimeout(gapTimer);
    trimWindow("above");
    showLinkedMessage();
  },
  history(frame) {
    showWindow(frame);
  },
  "message.held"(frame) {
    const post = pending.get(frame.client_id) || held.get(frame.client_id);
    pending.delete(frame.client_id);
    // The new draft replaces the earlier ones (the server discarded them).
    for (const clientId of [...held.keys()]) if (clientId !== frame.client_id) dropDraft(clientId);
    if (!post) return;
    holdDraft(frame.client_id, { ...post, findings: frame.findings, afterSeq: history.last });
    $("room-held-edit").focus();
  },
  presence(frame) {
    renderPresence(frame.users);
  },
  typing(frame) {
    if (me && frame.user.id === me.id) return;
    window.clearTimeout(typists.get(frame.user.id)?.timer);
    const timer = window.setTimeout(() => stoppedTyping(frame.user.id), 4000);
    typists.set(frame.user.id, { name: frame.user.name, timer });
    renderTyping();
  },
  "proposal.new"(frame) {
    proposalsPanel.upsert(frame.proposal);
  },
  "proposal.updated"(frame) {
    proposalsPanel.upsert(frame.proposal);
  },
  "room.updated"(frame) {
    showRoomStatus(frame.room.status);
  },
  error(frame) {
    if (frame.client_id && coedit.refused(frame.client_id)) {
      $("room-error").textContent = frame.detail;
      return;
    }
    if (frame.client_id) {
      // A post that was refused, or a draft that could not be released (it waited too
      // long): its text goes back into an empty composer, so nothing typed is lost.
      const post = pending.get(frame.client_id) || held.get(frame.client_id);
      if (post && !$("room-body").value.trim() && roomStatus === "open") $("room-body").value = post.body;
      proposalsPanel.refused(frame.client_id);
      pending.delete(frame.client_id);
      if (held.has(frame.client_id)) dropDraft(frame.client_id);
      placeholderOf(frame.client_id)?.remove();
    } else {
      history.loading = false; // a refused `history`: the next scroll may ask again
    }
    $("room-error").textContent = frame.detail;
  },
};

function handle(frame) {
  if (frame.type.startsWith("doc.")) return coedit.handle(frame);
  const handler = handlers[frame.type];
  if (handler) handler(frame);
}

function scheduleGapSync() {
  window.clearTimeout(gapTimer);
  gapTimer = window.setTimeout(() => {
    if (history.live && contiguousSeq() < history.last) send({ type: "sync", after_seq: contiguousSeq() });
  }, 1500);
}

// --- The window of history ---------------------------------------------------------------

// On (re)connect: a window that reaches the end catches up with `sync` when little was
// missed, and opens the latest window when much was (the rest is "more above"). A link to
// a message opens the window around it.
function catchUp(lastSeq) {
  history.last = Math.max(history.last, lastSeq);
  const linked = linkedSeq();
  if (linked && linked <= history.last && !linkedMessageShown && !messages.has(linked)) {
    requestHistory({ before_seq: linked + HALF_WINDOW, limit: 2 * HALF_WINDOW }, true);
  } else if (!history.high || (history.live && lastSeq - history.high > CATCH_UP_LIMIT)) {
    requestHistory({}, true);
  } else if (history.live) {
    send({ type: "sync", after_seq: contiguousSeq() });
  }
}

const HALF_WINDOW = 25;
let replaceOnHistory = false;

function requestHistory(frame, replace = false) {
  if (history.loading && !replace) return;
  history.loading = true;
  replaceOnHistory = replace;
  send({ type: "history", ...frame });
}

function showLatest() {
  requestHistory({}, true);
}

// A window arrived: it replaces the one held (opening, a jump) or extends it at one end.
function showWindow(frame) {
  history.loading = false;
  history.last = Math.max(history.last, frame.last_seq);
  const replace = replaceOnHistory;
  replaceOnHistory = false;
  if (replace) clearWindow();
  const older = !replace && frame.before_seq !== null;
  if (older) {
    const anchor = log.scrollHeight - log.scrollTop;
    for (const message of frame.messages.slice().reverse()) upsertMessage(message, true);
    log.scrollTop = log.scrollHeight - anchor; // the reader's place stays where it was
  } else if (replace) {
    for (const message of frame.messages) upsertMessage(message, true);
    if (!linkedSeq() || linkedMessageShown) scrollToBottom();
  } else {
    for (const message of frame.messages) upsertMessage(message, true);
  }
  if (frame.messages.length) {
    const seqs = frame.messages.map((message) => message.seq);
    history.low = history.low && !replace ? Math.min(history.low, seqs[0]) : seqs[0];
    history.high = Math.max(replace ? 0 : history.high, seqs[seqs.length - 1]);
  }
  if (replace || older) history.moreAbove = frame.more_above;
  if (replace || !older) history.live = !frame.more_below;
  if (replace) $("room-new-messages").hidden = history.live;
  trimWindow(older ? "below" : "above");
  $("room-older").hidden = !history.moreAbove;
  if (history.live && contiguousSeq() < history.last) scheduleGapSync();
  showLinkedMessage();
}

function clearWindow() {
  for (const item of log.querySelectorAll(":scope > li[data-seq]")) item.remove();
  messages.clear();
  seqOfId.clear();
  Object.assign(history, { low: 0, high: 0, moreAbove: false, live: true });
}

// Lets go of the messages beyond MAX_KEPT on the side the reader moves away from.
function trimWindow(side) {
  const height = log.scrollHeight;
  while (messages.size > MAX_KEPT && history.high > history.low) {
    const seq = side === "above" ? history.low : history.high;
    forget(seq);
    if (side === "above") {
      history.low += 1;
      history.moreAbove = true;
    } else {
      history.high -= 1;
      history.live = false;
    }
  }
  // What was let go above moved the rest up: the reader's place stays where it was.
  if (side === "above" && !atBottom()) log.scrollTop -= height - log.scrollHeight;
  $("room-older").hidden = !history.moreAbove;
}

function forget(seq) {
  const message = messages.get(seq);
  if (message) seqOfId.delete(message.id);
  messages.delete(seq);
  log.querySelector(`:scope > li[data-seq="${seq}"]`)?.remove();
}

function loadOlder() {
  if (history.moreAbove && history.low > 1) requestHistory({ before_seq: history.low });
}

function loadNewer() {
  if (!history.live) requestHistory({ after_seq: history.high });
}

$("room-older").addEventListener("click", loadOlder);

// --- Messages ----------------------------------------------------------------------------

// --- Scrolling: the log follows new messages only while the reader is at its end -------

const log = $("room-messages");

function atBottom() {
  return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
}

function scrollToBottom() {
  log.scrollTop = log.scrollHeight;
  $("room-new-messages").hidden = true;
}

// Changes the log, then scrolls to its end if the reader was there (or `follow`): after
// the change, so the new content has been laid out and is in view in full.
function changingLog(change, follow = false) {
  const stick = follow || atBottom();
  change();
  if (stick) scrollToBottom();
  return stick;
}

log.addEventListener("scroll", () => {
  if (log.scrollTop < 200) loadOlder();
  if (atBottom() && !history.live) loadNewer();
  else if (atBottom()) $("room-new-messages").hidden = true;
});

$("room-new-messages").addEventListener("click", () => {
  if (!history.live) {
    showLatest();
    return;
  }
  scrollToBottom();
  [...log.querySelectorAll(":scope > li[data-seq]")].pop()?.focus({ preventScroll: true });
});

function upsertMessage(message, fromHistory = false) {
  const previous = messages.get(message.seq);
  messages.set(message.seq, message);
  topics.seen(message);
  seqOfId.set(message.id, message.seq);
  let item = log.querySelector(`li[data-seq="${message.seq}"]`);
  const isNew = !item;
  const mine = Boolean(me && message.author.id === me.id);
  const after = isNew
    ? [...log.querySelectorAll(":scope > li[data-seq]")].find((li) => Number(li.dataset.seq) > message.seq)
    : undefined;
  // The person's own new message is brought into view; an old one a sync fills in is not.
  const draw = () => {
    if (isNew) {
      item = document.createElement("li");
      item.dataset.seq = message.seq;
      item.dataset.id = message.id;
      item.dataset.clientId = message.client_id;
      item.tabIndex = -1;
      log.insertBefore(item, after || log.querySelector(":scope > li.pending"));
    }
    keepingFocus(item, () => drawMessage(item, message));
    item.hidden = !topics.visible(message);
  };
  // A window of history is placed by showWindow, which keeps the reader's place itself.
  if (fromHistory) draw();
  const followed = !fromHistory && changingLog(draw, isNew && mine && !after);
  // Someone else wrote while the reader was further up: say so, without moving the log.
  if (isNew && !fromHistory && !followed && !mine && !after) $("room-new-messages").hidden = false;
  // Replies quote this message, and the pinned list shows it: both follow its changes
  // (a reply drawn before its original arrived gets its quote now).
  if (previous || awaitingQuote.has(message.id)) {
    awaitingQuote.delete(message.id);
    for (const reply of log.querySelectorAll(`li[data-reply-to="${message.id}"]`)) {
      const replyMessage = messages.get(Number(reply.dataset.seq));
      if (replyMessage) drawMessage(reply, replyMessage);
    }
    proposalsPanel.refreshQuotes(message.id);
  }
  if (message.pinned || previous?.pinned) renderPinned();
}

function drawMessage(item, message) {
  const editor = item.querySelector(":scope > form.message-editor");
  for (const child of [...item.children]) if (child !== editor) child.remove();
  const gone = message.deleted || message.hidden;
  item.classList.toggle("deleted", message.deleted);
  item.classList.toggle("tombstone", message.hidden);
  item.classList.toggle("pinned", message.pinned);
  if (message.reply_to) item.dataset.replyTo = message.reply_to;
  const parts = [messageMeta(message)];
  if (message.reply_to) parts.push(quoteOf(message.reply_to));
  const body = document.createElement("div");
  body.className = "body";
  if (message.hidden) body.textContent = text("Hidden");
  else if (message.deleted) body.textContent = text("Deleted");
  else body.innerHTML = message.body_html; // sanitised on the server
  parts.push(body);
  if (!gone) {
    if (Object.values(message.reactions).some((count) => count > 0)) parts.push(reactionBar(message));
    // Writing (reacting, pinning, editing…) only in an open room; the server refuses the
    // rest. An author may still delete their own message from a closed one.
    const mine = me && message.author.id === me.id;
    if (roomStatus === "open" || mine) parts.push(messageTools(message, roomStatus === "open"));
  }
  item.prepend(...parts);
  if (gone || roomStatus !== "open") editor?.remove();
}

function messageMeta(message) {
  const meta = document.createElement("div");
  meta.className = "meta";
  const author = document.createElement("strong");
  author.textContent = message.author.name;
  const time = document.createElement("time");
  const created = new Date(message.created_at);
  time.dateTime = message.created_at;
  time.textContent = timeFormat.format(created);
  time.title = dateTimeFormat.format(created);
  meta.append(author, " ", time);
  const topic = document.createElement("span");
  topic.className = "topic";
  topic.textContent = ` · ${topics.label(message.topic)}`;
  meta.append(topic);
  if (message.edited_at && !message.deleted) {
    const edited = document.createElement("span");
    edited.className = "edited";
    edited.textContent = ` · ${text("Edited")}`;
    meta.append(edited);
  }
  return meta;
}

// A short quote of another message: its author and the server's plain-text excerpt.
function quoteOf(messageId) {
  const quote = document.createElement("blockquote");
  quote.className = "quote";
  const original = messageById(messageId);
  if (!original) {
    awaitingQuote.add(messageId);
    quote.textContent = `↩ ${text("UnknownMessage")}`;
    return quote;
  }
  const author = document.createElement("strong");
  author.textContent = original.author.name;
  const excerpt = document.createElement("span");
  excerpt.textContent = original.deleted ? text("Deleted") : original.excerpt;
  quote.append("↩ ", author, ": ", excerpt);
  return quote;
}

function reactionButton(message, emoji) {
  const count = message.reactions[emoji] || 0;
  const mine = Boolean(me && (message.reacted_by[emoji] || []).includes(me.id));
  const toggle = button(count ? `${emoji} ${count}` : emoji, "react", () => react(message, emoji, !mine));
  toggle.dataset.key = `react-${emoji}`;
  toggle.dataset.emoji = emoji;
  toggle.className = count ? "reaction" : "reaction empty";
  toggle.setAttribute("aria-pressed", String(mine));
  toggle.setAttribute("aria-label", `${text("React")} ${emoji} (${count})`);
  // In a closed or archived room the counts stay readable, but nobody reacts any more.
  toggle.disabled = roomStatus !== "open";
  return toggle;
}

// The reactions the message has, under its text (only when it has any).
function reactionBar(message) {
  const bar = document.createElement("div");
  bar.className = "reactions";
  const emojis = [...REACTIONS, ...Object.keys(message.reactions).filter((emoji) => !REACTIONS.includes(emoji))];
  bar.append(...emojis.filter((emoji) => message.reactions[emoji] > 0).map((emoji) => reactionButton(message, emoji)));
  return bar;
}

// The message's tools: the reactions not used yet and the actions, in a bar that floats
// over the message's top corner on hover or keyboard focus, so it takes no room of its
// own. The buttons stay in the tab order all the time.
function messageTools(message, open) {
  const tools = document.createElement("div");
  tools.className = "message-tools";
  const unused = open ? REACTIONS.filter((emoji) => !(message.reactions[emoji] > 0)) : [];
  if (unused.length) {
    const picker = document.createElement("div");
    picker.className = "reaction-picker";
    picker.setAttribute("role", "group");
    picker.setAttribute("aria-label", text("React"));
    picker.append(...unused.map((emoji) => reactionButton(message, emoji)));
    tools.append(picker);
  }
  tools.append(messageActions(message, open));
  return tools;
}

// Symbols every common font has (no emoji font needed); the label is spoken and shown on hover.
function iconButton(icon, label, action, onClick) {
  const control = button(icon, action, onClick);
  control.setAttribute("aria-label", label);
  control.title = label;
  return control;
}

function messageActions(message, open) {
  const actions = document.createElement("div");
  actions.className = "message-actions";
  actions.setAttribute("role", "group");
  actions.setAttribute("aria-label", `${text("MessageActions")} ${message.author.name}`);
  const mine = me && message.author.id === me.id;
  const remove = iconButton("✕", text("Delete"), "delete", () => deleteMessage(message));
  const controls = [];
  if (open) {
    controls.push(iconButton("↩", text("Reply"), "reply", () => startReply(message)));
    if (mine) controls.push(iconButton("✎", text("Edit"), "edit", () => startEdit(message.seq)), remove);
    // Pinning is for coordinators and the message's author.
    if (mine || root.dataset.coordinator === "true") {
      const pinLabel = message.pinned ? text("Unpin") : text("Pin");
      controls.push(iconButton("⚑", pinLabel, "pin", () => pin(message, !message.pinned)));
    }
    controls.push(iconButton("✚", text("ToProposal"), "to-proposal", () => proposalsPanel.startFrom(message)));
    controls.push(...topics.actions(message, mine));
  } else if (mine) {
    controls.push(remove);
  }
  for (const control of controls) {
    control.dataset.key = control.dataset.action;
    actions.append(control);
  }
  return actions;
}

async function react(message, emoji, on) {
  const result = await api(`${messageUrl(message.id)}reactions/`, "POST", { emoji, on });
  if (!result.ok) showError(result);
}

async function pin(message, pinned) {
  const result = await api(`${messageUrl(message.id)}pin/`, "POST", { pinned });
  if (!result.ok) showError(result);
}

async function deleteMessage(message) {
  if (!window.confirm(text("ConfirmDelete"))) return;
  const result = await api(messageUrl(message.id), "DELETE");
  if (!result.ok) showError(result);
}

function startEdit(seq) {
  const item = log.querySelector(`li[data-seq="${seq}"]`);
  const message = messages.get(seq);
  if (!item || !message || item.querySelector("form.message-editor")) return;
  const form = document.createElement("form");
  form.className = "message-editor";
  const field = document.createElement("textarea");
  field.value = message.body; // the author's own markdown, as the server stored it
  field.maxLength = 10000;
  field.setAttribute("aria-label", text("Edit"));
  const save = document.createElement("button");
  save.type = "submit";
  save.className = "primary";
  save.textContent = text("Save");
  const close = () => {
    form.remove();
    item.classList.remove("editing");
    item.querySelector('[data-action="edit"]')?.focus();
  };
  const cancel = button(text("Cancel"), "cancel-edit", close);
  const row = document.createElement("div");
  row.className = "actions";
  row.append(save, cancel);
  form.append(field, row);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await api(messageUrl(message.id), "PATCH", { body: field.value });
    if (!result.ok) {
      showError(result);
      return;
    }
    $("room-error").textContent = "";
    close();
    upsertMessage(result.data);
  });
  field.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  item.classList.add("editing");
  item.append(form);
  field.focus();
}

function startReply(message) {
  replyTo = message.id;
  const note = $("room-reply-text");
  const author = document.createElement("strong");
  author.textContent = message.author.name;
  const excerpt = document.createElement("span");
  excerpt.textContent = message.excerpt;
  note.replaceChildren(`${text("ReplyingTo")} `, author, ": ", excerpt);
  $("room-reply").hidden = false;
  $("room-body").focus();
}

function stopReply() {
  replyTo = null;
  $("room-reply").hidden = true;
}

function renderPinned() {
  const pinned = [...messages.values()]
    .filter((message) => message.pinned && !message.deleted)
    .sort((a, b) => a.seq - b.seq);
  $("room-pinned-section").hidden = pinned.length === 0;
  $("room-pinned").replaceChildren(
    ...pinned.map((message) => {
      const item = document.createElement("li");
      item.dataset.seq = message.seq;
      const author = document.createElement("strong");
      author.textContent = message.author.name;
      const excerpt = document.createElement("span");
      excerpt.textContent = message.excerpt;
      const show = button(text("Show"), "show", () => {
        const target = log.querySelector(`li[data-seq="${message.seq}"]`);
        target?.scrollIntoView({ block: "nearest" });
        target?.focus();
      });
      show.className = "link";
      item.append(author, ": ", excerpt, " ", show);
      return item;
    }),
  );
}

// --- The author's own messages before the server has them: sending, or held ------------

function placeholderOf(clientId) {
  return log.querySelector(`:scope > li.pending[data-client-id="${CSS.escape(clientId)}"]`);
}

function showPending(clientId, body) {
  const item = document.createElement("li");
  item.className = "pending";
  item.dataset.clientId = clientId;
  const draft = document.createElement("span");
  draft.className = "pending-body";
  draft.textContent = body;
  const note = document.createElement("span");
  note.className = "pending-note";
  note.textContent = ` (${text("Sending")})`;
  item.append(draft, note);
  changingLog(() => log.append(item), true);
}

// A held draft: kept in the log, marked as not sent, with the warning under the log.
function holdDraft(clientId, draft) {
  held.set(clientId, draft);
  if (!placeholderOf(clientId)) showPending(clientId, draft.body);
  const item = placeholderOf(clientId);
  item.classList.add("held");
  item.querySelector(".pending-note").textContent = ` (${text("HeldNote")})`;
  renderHeld();
}

function dropDraft(clientId) {
  held.delete(clientId);
  placeholderOf(clientId)?.remove();
  renderHeld();
}

// The warning is about the newest draft (the server keeps one per author and room).
function newestDraft() {
  const clientIds = [...held.keys()];
  return clientIds.length ? clientIds[clientIds.length - 1] : null;
}

function renderHeld() {
  const clientId = newestDraft();
  const warning = $("room-held");
  if (clientId === null || roomStatus !== "open") {
    warning.hidden = true;
    return;
  }
  const findings = held
    .get(clientId)
    .findings.map((kind) => text(`Finding${kind[0].toUpperCase()}${kind.slice(1)}`) || kind);
  $("room-held-text").textContent = `${text("Held")} ${findings.join(", ")}`;
  warning.hidden = false;
}

// Drafts still held from an earlier visit, which the server drew into the log.
for (const item of log.querySelectorAll(":scope > li.pending.held")) {
  held.set(item.dataset.clientId, {
    body: item.querySelector(".pending-body").textContent,
    reply_to: item.dataset.draftReplyTo ? Number(item.dataset.draftReplyTo) : undefined,
    findings: item.dataset.findings ? item.dataset.findings.split(",") : [],
    afterSeq: Number(root.dataset.lastSeq) || 0,
  });
}

function renderPresence(users) {
  const list = $("room-presence");
  list.replaceChildren(
    ...users.map((user) => {
      const item = document.createElement("li");
      item.textContent = user.name;
      return item;
    }),
  );
}

// A link to one message (a notification's `#bericht-<seq>`): shown once it has loaded.
let linkedMessageShown = false;

function linkedSeq() {
  const wanted = /^#bericht-(\d+)$/.exec(window.location.hash);
  return wanted ? Number(wanted[1]) : 0;
}

function showLinkedMessage() {
  const wanted = linkedSeq();
  if (linkedMessageShown || !wanted) return;
  const target = log.querySelector(`li[data-seq="${wanted}"]`);
  if (!target) return;
  linkedMessageShown = true;
  target.classList.add("linked");
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

function stoppedTyping(userId) {
  if (!typists.has(userId)) return;
  window.clearTimeout(typists.get(userId).timer);
  typists.delete(userId);
  renderTyping();
}

function renderTyping() {
  const names = [...typists.values()].map((typist) => typist.name);
  $("room-typing").textContent = names.length ? `${names.join(", ")} ${text("Typing")}` : "";
}

// --- The room's status -------------------------------------------------------------------

// A closed or archived room can be read, not written in: every control that writes is
// disabled or left out (the server refuses them too).
function showRoomStatus(status, force = false) {
  const changed = status !== roomStatus;
  roomStatus = status;
  const open = status === "open";
  for (const control of document.querySelectorAll("#room-composer textarea, #room-composer button, #room-proposal-form input, #room-proposal-form textarea, #room-proposal-form button")) {
    control.disabled = !open;
  }
  const state = $("room-state");
  state.hidden = open;
  state.textContent = status === "archived" ? text("Archived") : open ? "" : text("Closed");
  if (!open) stopReply();
  const controls = { "room-close": status === "open", "room-archive": status !== "archived", "room-reopen": !open };
  for (const [id, shown] of Object.entries(controls)) if ($(id)) $(id).hidden = !shown;
  if (changed || force) {
    changingLog(() => {
      for (const item of log.querySelectorAll("li[data-seq]")) {
        const message = messages.get(Number(item.dataset.seq));
        if (message) keepingFocus(item, () => drawMessage(item, message));
      }
    });
    proposalsPanel.showRoomStatus(open);
    pollsPanel.redraw();
    renderHeld();
  }
}

for (const id of ["room-close", "room-archive", "room-reopen"]) {
  $(id)?.addEventListener("click", async (event) => {
    const result = await api(event.currentTarget.dataset.url, "POST");
    if (!result.ok) showError(result);
    else showRoomStatus(result.data.status);
  });
}

// --- The composer ------------------------------------------------------------------------

function sendMessage(body, clientId = newClientId()) {
  const post = replyTo ? { body, reply_to: replyTo } : { body };
  const topic = $("room-topic").value.trim();
  if (topic) post.topic = topic;
  pending.set(clientId, post);
  showPending(clientId, body);
  send({ type: "message.send", client_id: clientId, ...post });
  stopReply();
}

$("room-composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const field = $("room-body");
  const body = field.value.trim();
  if (!body) return;
  $("room-error").textContent = "";
  field.value = "";
  sendMessage(body);
});

$("room-body").addEventListener("keydown", (event) => {
  if (mentions.handleKey(event)) return;
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("room-composer").requestSubmit();
  } else if (event.key === "Escape" && replyTo) {
    stopReply();
  }
});

$("room-body").addEventListener("input", () => {
  const now = Date.now();
  if (now - lastTyping > 3000) {
    lastTyping = now;
    send({ type: "typing" });
  }
});

$("room-reply-cancel").addEventListener("click", () => {
  stopReply();
  $("room-body").focus();
});

// "Send anyway": the server releases the draft as written (ack, then message.new).
$("room-held-send").addEventListener("click", () => {
  const clientId = newestDraft();
  if (clientId === null) return;
  if (!send({ type: "message.confirm", client_id: clientId })) {
    $("room-error").textContent = text("Failed");
    return;
  }
  $("room-held").hidden = true;
  placeholderOf(clientId).querySelector(".pending-note").textContent = ` (${text("Sending")})`;
  $("room-body").focus();
});

// "Edit my message": the draft goes back into the composer; sending the corrected text
// replaces the draft on the server.
$("room-held-edit").addEventListener("click", () => {
  const clientId = newestDraft();
  if (clientId === null) return;
  const draft = held.get(clientId);
  dropDraft(clientId);
  const original = draft.reply_to ? messageById(draft.reply_to) : undefined;
  if (original) startReply(original);
  else stopReply();
  // Whatever was typed since the warning stays, after the draft.
  const field = $("room-body");
  const typed = field.value.trim();
  field.value = typed ? `${draft.body}\n\n${typed}` : draft.body;
  field.focus();
});

const mentions = setupMentions({ field: $("room-body"), list: $("room-mentions"), url: root.dataset.membersUrl, api, me: () => me });
const coedit = setupCoedit({ send, newClientId, me: () => me, text });
// The session's minutes, written together (a session room only).
$("room-minutes-open")?.addEventListener("click", (event) => {
  const editor = $("room-minutes-editor");
  editor.hidden = false;
  event.target.hidden = true;
  const textarea = $("room-minutes-text");
  coedit.open($("room-minutes").dataset.doc, { textarea, layer: editor.querySelector(".coedit-layer"), notice: $("room-minutes-findings") });
  textarea.focus();
});
const pollsPanel = setupPolls({ root, text, $, api, send, showError, button, keepingFocus, newClientId, me: () => me, isOpen: () => roomStatus === "open" });
const topics = setupTopics({ root, $, api, showError, button, messages, log });
const proposalsPanel = setupProposals({ root, text, $, api, send, showError, button, keepingFocus, newClientId, messageById, quoteOf, me: () => me, isOpen: () => roomStatus === "open", coedit });

showRoomStatus(roomStatus, true);
connect();

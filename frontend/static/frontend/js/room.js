// One live room (docs/realtime-protocol.md). Draws only what the server sends: plain
// fields through textContent, message and proposal bodies as the server's sanitised
// body_html. Messages are kept by seq; a gap that does not fill, and every reconnect,
// asks for `sync`, so the view has no gaps and no duplicates. Edits, deletions,
// reactions, pins and proposal changes go through the REST API; everyone, the person
// who made them too, sees them when the server's `message.updated` / `proposal.updated`
// arrives.
import { setupMentions } from "./room-mentions.js";
import { setupProposals } from "./room-proposals.js";

const root = document.getElementById("room");
const text = (key) => root.dataset[`text${key}`] || "";
const $ = (id) => document.getElementById(id);

const REACTIONS = ["👍", "❤️", "💡", "❓"];
const messages = new Map(); // seq -> message payload
const seqOfId = new Map(); // message id -> seq
const pending = new Map(); // client_id -> {body, reply_to}, until acknowledged
let socket = null;
let me = null;
let roomStatus = "open";
let attempt = 0;
let gapTimer = null;
let lastTyping = 0;
let heldClientId = null;
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

function contiguousSeq() {
  let seq = 0;
  while (messages.has(seq + 1)) seq += 1;
  return seq;
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
    setStatus(text("Connected"));
    showRoomStatus(frame.room.status);
    renderPresence(frame.presence);
    send({ type: "sync", after_seq: contiguousSeq() });
    for (const [clientId, post] of pending) send({ type: "message.send", client_id: clientId, ...post });
    proposalsPanel.load();
    mentions.load();
  },
  "message.new"(frame) {
    stoppedTyping(frame.message.author?.id);
    upsertMessage(frame.message);
    if (frame.message.seq > contiguousSeq() + 1) scheduleGapSync();
  },
  "message.updated"(frame) {
    if (messages.has(frame.message.seq)) upsertMessage(frame.message);
  },
  ack(frame) {
    pending.delete(frame.client_id);
    const placeholder = document.querySelector(`[data-client-id="${CSS.escape(frame.client_id)}"].pending`);
    if (placeholder) placeholder.remove();
  },
  "sync.done"() {
    if (contiguousSeq() >= Math.max(0, ...messages.keys())) window.clearTimeout(gapTimer);
    showLinkedMessage();
  },
  "message.held"(frame) {
    pending.delete(frame.client_id);
    heldClientId = frame.client_id;
    const findings = frame.findings.map((kind) => text(`Finding${kind[0].toUpperCase()}${kind.slice(1)}`) || kind);
    $("room-held-text").textContent = `${text("Held")} ${findings.join(", ")}`;
    $("room-held").hidden = false;
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
    if (frame.client_id) {
      pending.delete(frame.client_id);
      document.querySelector(`[data-client-id="${CSS.escape(frame.client_id)}"].pending`)?.remove();
    }
    $("room-error").textContent = frame.detail;
  },
};

function handle(frame) {
  const handler = handlers[frame.type];
  if (handler) handler(frame);
}

function scheduleGapSync() {
  window.clearTimeout(gapTimer);
  gapTimer = window.setTimeout(() => {
    if (messages.size && contiguousSeq() < Math.max(...messages.keys())) {
      send({ type: "sync", after_seq: contiguousSeq() });
    }
  }, 1500);
}

// --- Messages ----------------------------------------------------------------------------

function upsertMessage(message) {
  const previous = messages.get(message.seq);
  messages.set(message.seq, message);
  seqOfId.set(message.id, message.seq);
  const log = $("room-messages");
  let item = log.querySelector(`li[data-seq="${message.seq}"]`);
  if (!item) {
    item = document.createElement("li");
    item.dataset.seq = message.seq;
    item.dataset.id = message.id;
    item.dataset.clientId = message.client_id;
    item.tabIndex = -1;
    const after = [...log.querySelectorAll("li[data-seq]")].find((li) => Number(li.dataset.seq) > message.seq);
    log.insertBefore(item, after || log.querySelector("li.pending"));
    log.scrollTop = log.scrollHeight;
  }
  keepingFocus(item, () => drawMessage(item, message));
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
  item.classList.toggle("deleted", message.deleted);
  item.classList.toggle("pinned", message.pinned);
  if (message.reply_to) item.dataset.replyTo = message.reply_to;
  const parts = [messageMeta(message)];
  if (message.reply_to) parts.push(quoteOf(message.reply_to));
  const body = document.createElement("div");
  body.className = "body";
  if (message.deleted) body.textContent = text("Deleted");
  else body.innerHTML = message.body_html; // sanitised on the server
  parts.push(body);
  if (!message.deleted) parts.push(reactionBar(message), messageActions(message));
  item.prepend(...parts);
  if (message.deleted) editor?.remove();
}

function messageMeta(message) {
  const meta = document.createElement("div");
  meta.className = "meta";
  const author = document.createElement("strong");
  author.textContent = message.author.name;
  const time = document.createElement("time");
  time.dateTime = message.created_at;
  time.textContent = ` ${new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
  meta.append(author, time);
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

function reactionBar(message) {
  const bar = document.createElement("div");
  bar.className = "reactions";
  const emojis = [...REACTIONS, ...Object.keys(message.reactions).filter((emoji) => !REACTIONS.includes(emoji))];
  for (const emoji of emojis) {
    const count = message.reactions[emoji] || 0;
    const mine = Boolean(me && (message.reacted_by[emoji] || []).includes(me.id));
    const toggle = button(count ? `${emoji} ${count}` : emoji, "react", () =>
      react(message, emoji, !mine),
    );
    toggle.dataset.key = `react-${emoji}`;
    toggle.dataset.emoji = emoji;
    toggle.className = count ? "reaction" : "reaction empty";
    toggle.setAttribute("aria-pressed", String(mine));
    toggle.setAttribute("aria-label", `${text("React")} ${emoji} (${count})`);
    bar.append(toggle);
  }
  return bar;
}

function messageActions(message) {
  const actions = document.createElement("div");
  actions.className = "message-actions";
  actions.setAttribute("role", "group");
  actions.setAttribute("aria-label", `${text("MessageActions")} ${message.author.name}`);
  const open = roomStatus === "open";
  const controls = [];
  if (open) controls.push(button(text("Reply"), "reply", () => startReply(message)));
  if (me && message.author.id === me.id) {
    controls.push(button(text("Edit"), "edit", () => startEdit(message.seq)));
    controls.push(button(text("Delete"), "delete", () => deleteMessage(message)));
  }
  controls.push(
    button(message.pinned ? text("Unpin") : text("Pin"), "pin", () => pin(message, !message.pinned)),
  );
  if (open) {
    controls.push(button(text("ToProposal"), "to-proposal", () => proposalsPanel.startFrom(message)));
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
  const item = $("room-messages").querySelector(`li[data-seq="${seq}"]`);
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
        const target = $("room-messages").querySelector(`li[data-seq="${message.seq}"]`);
        target?.scrollIntoView({ block: "nearest" });
        target?.focus();
      });
      show.className = "link";
      item.append(author, ": ", excerpt, " ", show);
      return item;
    }),
  );
}

function showPending(clientId, body) {
  const item = document.createElement("li");
  item.className = "pending";
  item.dataset.clientId = clientId;
  item.textContent = `${body} (${text("Sending")})`;
  $("room-messages").append(item);
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

function showLinkedMessage() {
  const wanted = /^#bericht-(\d+)$/.exec(window.location.hash);
  if (linkedMessageShown || !wanted) return;
  const target = $("room-messages").querySelector(`li[data-seq="${wanted[1]}"]`);
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

function showRoomStatus(status) {
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
  // Reply and "make a proposal" are offered only in an open room.
  if (changed) {
    for (const item of $("room-messages").querySelectorAll("li[data-seq]")) {
      const message = messages.get(Number(item.dataset.seq));
      if (message) drawMessage(item, message);
    }
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

$("room-held-send").addEventListener("click", () => {
  send({ type: "message.confirm", client_id: heldClientId });
  $("room-held").hidden = true;
  $("room-body").focus();
});

$("room-held-edit").addEventListener("click", () => {
  const held = document.querySelector(`[data-client-id="${CSS.escape(heldClientId)}"].pending`);
  $("room-body").value = held ? held.textContent.replace(/ \([^)]*\)$/, "") : "";
  held?.remove();
  $("room-held").hidden = true;
  $("room-body").focus();
});

const mentions = setupMentions({ field: $("room-body"), list: $("room-mentions"), url: root.dataset.membersUrl, api, me: () => me });
const proposalsPanel = setupProposals({ root, text, $, api, send, showError, button, keepingFocus, newClientId, messageById, quoteOf, me: () => me });

connect();

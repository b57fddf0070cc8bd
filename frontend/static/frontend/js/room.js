// One live room (docs/realtime-protocol.md). Draws only what the server sends: plain
// fields through textContent, message and proposal bodies as the server's sanitised
// body_html. Messages are kept by seq; a gap that does not fill, and every reconnect,
// asks for `sync`, so the view has no gaps and no duplicates.
const root = document.getElementById("room");
const text = (key) => root.dataset[`text${key}`] || "";
const $ = (id) => document.getElementById(id);

const messages = new Map(); // seq -> message payload
const pending = new Map(); // client_id -> body, until acknowledged
const proposals = new Map(); // id -> proposal payload
let socket = null;
let me = null;
let attempt = 0;
let gapTimer = null;
let lastTyping = 0;
let heldClientId = null;
let reconnectTimer = null;
const typists = new Map(); // user id -> timer

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

function setStatus(label) {
  $("room-connection").textContent = label;
}

function contiguousSeq() {
  let seq = 0;
  while (messages.has(seq + 1)) seq += 1;
  return seq;
}

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
    for (const [clientId, body] of pending) send({ type: "message.send", client_id: clientId, body });
    loadProposals();
  },
  "message.new"(frame) {
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
  },
  "message.held"(frame) {
    pending.delete(frame.client_id);
    heldClientId = frame.client_id;
    $("room-held-text").textContent = `${text("Held")} ${frame.findings.join(", ")}`;
    $("room-held").hidden = false;
    $("room-held-edit").focus();
  },
  presence(frame) {
    renderPresence(frame.users);
  },
  typing(frame) {
    if (me && frame.user.id === me.id) return;
    window.clearTimeout(typists.get(frame.user.id)?.timer);
    const timer = window.setTimeout(() => {
      typists.delete(frame.user.id);
      renderTyping();
    }, 4000);
    typists.set(frame.user.id, { name: frame.user.name, timer });
    renderTyping();
  },
  "proposal.new"(frame) {
    upsertProposal(frame.proposal);
  },
  "proposal.updated"(frame) {
    upsertProposal(frame.proposal);
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

function upsertMessage(message) {
  messages.set(message.seq, message);
  const log = $("room-messages");
  const item = document.createElement("li");
  item.dataset.seq = message.seq;
  item.dataset.clientId = message.client_id;
  const meta = document.createElement("div");
  meta.className = "meta";
  const author = document.createElement("strong");
  author.textContent = message.author.name;
  const time = document.createElement("time");
  time.dateTime = message.created_at;
  time.textContent = ` ${new Date(message.created_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
  meta.append(author, time);
  if (message.edited_at) meta.append(` · ${text("Edited")}`);
  const body = document.createElement("div");
  body.className = "body";
  if (message.deleted) body.textContent = text("Deleted");
  else body.innerHTML = message.body_html; // sanitised on the server
  item.append(meta, body);
  const existing = log.querySelector(`li[data-seq="${message.seq}"]`);
  if (existing) {
    existing.replaceWith(item);
    return;
  }
  const after = [...log.querySelectorAll("li[data-seq]")].find((li) => Number(li.dataset.seq) > message.seq);
  log.insertBefore(item, after || log.querySelector("li.pending"));
  log.scrollTop = log.scrollHeight;
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

function renderTyping() {
  const names = [...typists.values()].map((typist) => typist.name);
  $("room-typing").textContent = names.length ? `${names.join(", ")} ${text("Typing")}` : "";
}

function showRoomStatus(status) {
  const open = status === "open";
  for (const control of document.querySelectorAll("#room-composer textarea, #room-composer button, #room-proposal-form input, #room-proposal-form textarea, #room-proposal-form button")) {
    control.disabled = !open;
  }
  if (!open) $("room-error").textContent = text("Closed");
}

async function loadProposals() {
  const response = await fetch(root.dataset.proposalsUrl, { headers: { Accept: "application/json" } });
  if (!response.ok) return;
  const data = await response.json();
  for (const proposal of data.results) upsertProposal(proposal);
}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function adopt(proposal) {
  const school = $("room-adopt-school");
  const response = await fetch(`${root.dataset.proposalsUrl}${proposal.id}/adopt/`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
    body: JSON.stringify({ school: Number(school.value) }),
  });
  if (!response.ok) $("room-error").textContent = (await response.json()).detail || response.statusText;
}

function upsertProposal(proposal) {
  proposals.set(proposal.id, proposal);
  const item = document.createElement("li");
  item.dataset.proposal = proposal.id;
  const title = document.createElement("strong");
  title.textContent = proposal.title;
  const status = document.createElement("span");
  status.className = "badge";
  status.textContent = text(`Status-${proposal.status}`.replace(/-(\w)/g, (_, c) => c.toUpperCase())) || proposal.status;
  const body = document.createElement("div");
  body.innerHTML = proposal.body_html; // sanitised on the server
  const count = document.createElement("span");
  count.className = "muted";
  count.textContent = `${proposal.endorsements} ${text("Endorsements")}`;
  const actions = document.createElement("div");
  actions.className = "actions";
  const endorsed = me && proposal.endorsed_by.includes(me.id);
  const endorse = document.createElement("button");
  endorse.type = "button";
  endorse.textContent = endorsed ? text("Endorsed") : text("Endorse");
  endorse.disabled = Boolean(endorsed);
  endorse.setAttribute("aria-label", `${endorse.textContent}: ${proposal.title}`);
  endorse.addEventListener("click", () => send({ type: "proposal.endorse", proposal_id: proposal.id }));
  actions.append(endorse);
  if ($("room-adopt-school")) {
    const adoptButton = document.createElement("button");
    adoptButton.type = "button";
    adoptButton.textContent = text("Adopt");
    adoptButton.setAttribute("aria-label", `${text("Adopt")}: ${proposal.title}`);
    adoptButton.addEventListener("click", () => adopt(proposal));
    actions.append(adoptButton);
  }
  const outcomes = proposal.adoptions.filter((adoption) => adoption.outcome).map((adoption) => {
    const outcome = document.createElement("p");
    outcome.textContent = `${adoption.school.name}: ${adoption.outcome}`;
    return outcome;
  });
  item.append(title, status, body, count, ...outcomes, actions);
  const existing = $("room-proposals").querySelector(`li[data-proposal="${proposal.id}"]`);
  if (existing) existing.replaceWith(item);
  else $("room-proposals").append(item);
}

function sendMessage(body, clientId = newClientId()) {
  pending.set(clientId, body);
  showPending(clientId, body);
  send({ type: "message.send", client_id: clientId, body });
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
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("room-composer").requestSubmit();
  }
});

$("room-body").addEventListener("input", () => {
  const now = Date.now();
  if (now - lastTyping > 3000) {
    lastTyping = now;
    send({ type: "typing" });
  }
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

$("room-proposal-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const title = $("room-proposal-title");
  const body = $("room-proposal-body");
  if (!title.value.trim()) return;
  send({ type: "proposal.create", client_id: newClientId(), title: title.value, body: body.value });
  title.value = "";
  body.value = "";
});

connect();

// Writing a proposal (or minutes) together, live (docs/realtime-protocol.md, "Co-editing").
// The text is a Yjs document on the room socket: every keystroke goes out as an update and
// stays "unacknowledged" until the server has stored it; after a reconnect the document
// subscribes again with its state vector and sends what was not acknowledged, so edits
// made offline merge. Others' cursors and names travel as awareness. The textarea stays a
// plain textarea; a layer behind it marks others' cursors and the personal data the server
// found, built with text nodes only (the browser never turns user text into HTML).
import * as Y from "../vendor/yjs/dist/yjs.mjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "../vendor/y-protocols/awareness.js";

const REMOTE = "remote";
// Seconds between two resyncs of an open document: the live relay is best effort (the
// store is not), so what it missed comes with the next `doc.sync`.
const RESYNC_SECONDS = 20;
const COLOURS = ["#b3261e", "#1b6e3a", "#6a3fb5", "#a15c00", "#00658f", "#8a1f6b"];

const toBase64 = (bytes) => {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function setupCoedit({ send, newClientId, me, text }) {
  const sessions = new Map(); // doc name -> session
  window.setInterval(() => {
    for (const session of sessions.values()) if (session.synced) subscribe(session);
  }, RESYNC_SECONDS * 1000);

  function open(name, { textarea, layer, notice, onText }) {
    close(name);
    const doc = new Y.Doc();
    const ytext = doc.getText("body");
    const awareness = new Awareness(doc);
    const listening = new AbortController();
    const session = { name, doc, ytext, awareness, textarea, layer, notice, onText, listening, unacked: new Map(), synced: false, findings: [] };
    sessions.set(name, session);
    const person = me();
    awareness.setLocalStateField("user", { name: person ? person.name : "", colour: COLOURS[doc.clientID % COLOURS.length] });
    doc.on("update", (update, origin) => {
      if (origin === REMOTE) return;
      const clientId = newClientId();
      session.unacked.set(clientId, update);
      if (session.synced) send({ type: "doc.update", doc: name, update: toBase64(update), client_id: clientId });
    });
    awareness.on("update", ({ added, updated, removed }, origin) => {
      if (origin !== "local") return draw(session);
      const changed = added.concat(updated, removed);
      send({ type: "doc.awareness", doc: name, update: toBase64(encodeAwarenessUpdate(awareness, changed)) });
    });
    textarea.readOnly = true; // until the server's text is here
    const signal = listening.signal;
    textarea.addEventListener("input", () => typed(session), { signal });
    for (const event of ["select", "keyup", "click", "focus"]) textarea.addEventListener(event, () => shareCursor(session), { signal });
    textarea.addEventListener("scroll", () => (layer.scrollTop = textarea.scrollTop), { signal });
    subscribe(session);
    return session;
  }

  function subscribe(session) {
    session.synced = false;
    send({ type: "doc.subscribe", doc: session.name, state_vector: toBase64(Y.encodeStateVector(session.doc)) });
  }

  function close(name) {
    const session = sessions.get(name);
    if (!session) return;
    removeAwarenessStates(session.awareness, [session.doc.clientID], "local");
    send({ type: "doc.unsubscribe", doc: name });
    session.listening.abort();
    session.awareness.destroy();
    session.doc.destroy();
    sessions.delete(name);
  }

  // The textarea changed: turn the difference into one splice of the shared text.
  function typed(session) {
    const before = session.ytext.toString();
    const after = session.textarea.value;
    let start = 0;
    while (start < before.length && start < after.length && before[start] === after[start]) start += 1;
    let end = 0;
    while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
    session.doc.transact(() => {
      if (before.length - end > start) session.ytext.delete(start, before.length - end - start);
      const inserted = after.slice(start, after.length - end);
      if (inserted) session.ytext.insert(start, inserted);
    });
    shareCursor(session);
    draw(session);
    session.onText?.(after);
  }

  function shareCursor(session) {
    const { textarea, ytext, awareness } = session;
    const anchor = Y.createRelativePositionFromTypeIndex(ytext, textarea.selectionStart);
    const head = Y.createRelativePositionFromTypeIndex(ytext, textarea.selectionEnd);
    awareness.setLocalStateField("cursor", { anchor: Y.relativePositionToJSON(anchor), head: Y.relativePositionToJSON(head) });
  }

  // An update from others: applied, the textarea redrawn, the person's own selection kept
  // where it was in the text (relative positions move with the others' edits).
  function applyRemote(session, update) {
    const { textarea, ytext, doc } = session;
    const start = Y.createRelativePositionFromTypeIndex(ytext, textarea.selectionStart);
    const end = Y.createRelativePositionFromTypeIndex(ytext, textarea.selectionEnd);
    Y.applyUpdate(doc, update, REMOTE);
    const value = ytext.toString();
    if (textarea.value !== value) {
      const focused = document.activeElement === textarea;
      textarea.value = value;
      if (focused) {
        const from = Y.createAbsolutePositionFromRelativePosition(start, doc);
        const to = Y.createAbsolutePositionFromRelativePosition(end, doc);
        textarea.setSelectionRange(from ? from.index : 0, to ? to.index : 0);
      }
      session.onText?.(value);
    }
    draw(session);
  }

  // The layer behind the textarea: the text, transparent, with marks for findings and
  // a caret and name for every other person in it.
  function draw(session) {
    const { layer, ytext, doc, awareness, findings } = session;
    const value = ytext.toString();
    const points = [];
    for (const finding of findings) {
      if (finding.end <= value.length) points.push({ at: finding.start, open: finding }, { at: finding.end, close: finding });
    }
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === doc.clientID || !state.cursor || !state.user) return;
      const head = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(state.cursor.head), doc);
      if (head) points.push({ at: head.index, caret: state.user });
    });
    points.sort((a, b) => a.at - b.at || (a.close ? -1 : 1));
    let mark = null;
    let at = 0;
    const put = (node) => (mark || layer).append(node);
    layer.replaceChildren();
    for (const point of points) {
      if (point.at > at) put(document.createTextNode(value.slice(at, point.at)));
      at = Math.max(at, point.at);
      if (point.open && !mark) {
        mark = document.createElement("mark");
        mark.className = "finding";
        mark.title = text(`Finding${point.open.kind.replace(/(^|_)(\w)/g, (_m, _s, c) => c.toUpperCase())}`) || point.open.kind;
        layer.append(mark);
      } else if (point.close && mark) {
        mark = null;
      } else if (point.caret) {
        const caret = document.createElement("span");
        caret.className = "remote-caret";
        caret.style.borderColor = point.caret.colour;
        const label = document.createElement("span");
        label.className = "remote-name";
        label.style.background = point.caret.colour;
        label.textContent = point.caret.name;
        caret.append(label);
        put(caret);
      }
    }
    put(document.createTextNode(value.slice(at) + "\n"));
    layer.scrollTop = session.textarea.scrollTop;
  }

  function showFindings(session, findings) {
    session.findings = findings || [];
    if (session.notice) {
      session.notice.hidden = !session.findings.length;
      const kinds = [...new Set(session.findings.map((f) => f.kind))];
      session.notice.textContent = `${text("Held")} ${kinds.map((kind) => text(`Finding${kind.replace(/(^|_)(\w)/g, (_m, _s, c) => c.toUpperCase())}`) || kind).join(", ")}`;
    }
    draw(session);
  }

  const handlers = {
    "doc.sync"(session, frame) {
      applyRemote(session, fromBase64(frame.update));
      session.synced = true;
      session.textarea.readOnly = !frame.editable;
      showFindings(session, frame.findings);
      // What was typed while away (or not acknowledged before a reconnect): once more, as
      // one update; a repeated update changes nothing on the server.
      if (session.unacked.size) {
        const merged = Y.mergeUpdates([...session.unacked.values()]);
        session.unacked.clear();
        const clientId = newClientId();
        session.unacked.set(clientId, merged);
        send({ type: "doc.update", doc: session.name, update: toBase64(merged), client_id: clientId });
      }
      shareCursor(session);
    },
    "doc.update"(session, frame) {
      applyRemote(session, fromBase64(frame.update));
    },
    "doc.ack"(session, frame) {
      session.unacked.delete(frame.client_id);
    },
    "doc.awareness"(session, frame) {
      applyAwarenessUpdate(session.awareness, fromBase64(frame.update), REMOTE);
    },
    "doc.findings"(session, frame) {
      showFindings(session, frame.findings);
    },
  };

  return {
    open,
    close,
    handle(frame) {
      const session = sessions.get(frame.doc);
      if (session && handlers[frame.type]) handlers[frame.type](session, frame);
    },
    // After every (re)connect: subscribe again, from the state vector we have.
    resubscribe() {
      for (const session of sessions.values()) subscribe(session);
    },
    // An update the server refused (malformed, too large, not allowed): this copy now
    // differs from the stored one, so it starts again from the server's text.
    refused(clientId) {
      for (const session of sessions.values()) {
        if (!session.unacked.has(clientId)) continue;
        const { name, textarea, layer, notice, onText } = session;
        close(name);
        open(name, { textarea, layer, notice, onText });
        return true;
      }
      return false;
    },
  };
}

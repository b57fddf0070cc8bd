// Topics and moderation in the room (docs/realtime-protocol.md, "Topics", "Moderation").
// Every message has a topic ("" is the general one). The reader filters on one topic, or
// sees all topics but the ones they muted; anyone resolves a topic; a coordinator moves a
// message to another topic, hides a message (a tombstone stays) and sees the reports.
export function setupTopics(room) {
  const { root, $, api, showError, button, messages, log } = room;
  const panel = $("room-decisions");
  const say = (key) => panel.dataset[`text${key}`] || "";
  const coordinator = root.dataset.coordinator === "true";
  const topics = new Map(); // name -> {name, messages, resolved, muted}
  const filter = $("room-topic-filter");
  const ALL = "*";

  async function load() {
    const result = await api(root.dataset.topicsUrl);
    if (!result.ok) return;
    // Merged, not replaced: a topic a message brought in while this was on its way stays.
    for (const topic of result.data.results) topics.set(topic.name, topic);
    render();
  }

  const label = (name) => name || say("GeneralTopic");
  const chosen = () => (filter.value === ALL ? null : filter.value.slice(1));

  function render() {
    const current = filter.value || ALL;
    const options = [new Option(say("AllTopics"), ALL)];
    for (const topic of [...topics.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      const marks = `${topic.resolved ? " ✓" : ""}${topic.muted ? ` (${say("Muted")})` : ""}`;
      options.push(new Option(`${label(topic.name)}${marks}`, `=${topic.name}`));
    }
    filter.replaceChildren(...options);
    filter.value = [...filter.options].some((option) => option.value === current) ? current : ALL;
    $("room-topic-names").replaceChildren(...[...topics.keys()].filter(Boolean).map((name) => new Option(name)));
    const name = chosen();
    const topic = name === null ? null : topics.get(name);
    $("room-topic-resolve").hidden = $("room-topic-mute").hidden = !topic;
    if (topic) {
      $("room-topic-resolve").textContent = topic.resolved ? say("Unresolve") : say("Resolve");
      $("room-topic-mute").textContent = topic.muted ? say("Unmute") : say("Mute");
    }
    applyFilter();
  }

  function visible(message) {
    const name = chosen();
    if (name === null) return !topics.get(message.topic)?.muted;
    return message.topic === name;
  }

  function applyFilter() {
    for (const item of log.querySelectorAll(":scope > li[data-seq]")) {
      const message = messages.get(Number(item.dataset.seq));
      item.hidden = message ? !visible(message) : false;
    }
  }

  // A message of a topic not known yet (a new topic, or one moved to).
  function seen(message) {
    if (topics.has(message.topic)) return;
    topics.set(message.topic, { name: message.topic, messages: 1, resolved: false, muted: false });
    render();
  }

  function changed(topic) {
    const known = topics.get(topic.name) || { name: topic.name, messages: 0, muted: false };
    topics.set(topic.name, { ...known, resolved: topic.resolved });
    render();
  }

  async function toggle(action, key) {
    const name = chosen();
    if (name === null) return;
    const on = !topics.get(name)[key];
    const result = await api(`${root.dataset.topicsUrl}${action}/`, "POST", { topic: name, on });
    if (!result.ok) return showError(result);
    topics.set(name, { ...topics.get(name), [key]: on });
    render();
  }

  filter.addEventListener("change", () => {
    // Writing while one topic is shown writes in that topic.
    const name = chosen();
    if (name !== null) $("room-topic").value = name;
    render();
  });
  $("room-topic-resolve").addEventListener("click", () => toggle("resolve", "resolved"));
  $("room-topic-mute").addEventListener("click", () => toggle("mute", "muted"));

  // --- A message's moderation actions ---------------------------------------------------

  function messageUrl(message, action) {
    return `${root.dataset.messagesUrl}${message.id}/${action}/`;
  }

  async function withReason(question, url) {
    const reason = window.prompt(question);
    if (reason === null || !reason.trim()) return;
    const result = await api(url, "POST", { reason: reason.trim() });
    if (!result.ok) showError(result);
    else if (coordinator) loadModeration();
    return result;
  }

  function actions(message, mine) {
    const controls = [];
    if (!mine) {
      controls.push(icon("⚐", say("Report"), "report", async () => {
        const result = await withReason(say("ReportReason"), messageUrl(message, "report"));
        if (result?.ok) $("room-notice").textContent = say("Reported");
      }));
    }
    if (coordinator) {
      controls.push(icon("⊘", say("Hide"), "hide", () => withReason(say("HideReason"), messageUrl(message, "hide"))));
      controls.push(icon("⇄", say("Move"), "move", () => move(message)));
      if (!mine) {
        const removal = `${root.dataset.membersUrl}${message.author.id}/remove/`;
        controls.push(icon("⛔", say("Remove"), "remove-member", () => withReason(say("RemoveReason"), removal)));
      }
    }
    return controls;
  }

  function icon(symbol, labelText, action, onClick) {
    const control = button(symbol, action, onClick);
    control.setAttribute("aria-label", labelText);
    control.title = labelText;
    return control;
  }

  async function move(message) {
    const topic = window.prompt(say("MoveTo"), message.topic);
    if (topic === null) return;
    const result = await api(`${root.dataset.topicsUrl}move/`, "POST", { message_ids: [message.id], topic });
    if (!result.ok) showError(result);
  }

  // --- The coordinators' list of reports and hidden messages ------------------------------

  async function loadModeration() {
    if (!coordinator) return;
    const result = await api(root.dataset.moderationUrl);
    if (!result.ok) return;
    const reports = result.data.reports.map((report) => {
      const item = document.createElement("li");
      item.dataset.report = report.id;
      const quote = document.createElement("blockquote");
      quote.textContent = `${report.message.author.name}: ${report.message.excerpt}`;
      const why = document.createElement("p");
      why.textContent = `${report.reporter.name}: ${report.reason}`;
      item.append(quote, why);
      if (!report.message.hidden) {
        item.append(button(say("Hide"), "hide-reported", () => withReason(say("HideReason"), messageUrl(report.message, "hide"))));
      } else {
        const done = document.createElement("p");
        done.className = "muted";
        done.textContent = say("HiddenDone");
        item.append(done);
      }
      return item;
    });
    $("room-reports").replaceChildren(...reports);
    $("room-reports-none").hidden = reports.length > 0;
    $("room-hidden").replaceChildren(
      ...result.data.hidden.map((message) => {
        const item = document.createElement("li");
        item.textContent = `${message.author.name}: ${message.excerpt}`;
        return item;
      }),
    );
  }

  return { load, visible, seen, changed, applyFilter, actions, label, loadModeration, current: chosen };
}

// Decisions in the room (docs/realtime-protocol.md, "Polls"): polls of four kinds, voted
// on over the socket (`poll.vote`), their live results from `poll.new` / `poll.updated`,
// and closing with an outcome through the REST API. Only what the server sends is drawn,
// as text.
const STANCES = ["agree", "abstain", "disagree", "block"];

export function setupPolls(room) {
  const { root, text, $, api, send, showError, button, keepingFocus, newClientId, me, isOpen } = room;
  const panel = $("room-decisions");
  // "Stance-agree" reads data-text-stance-agree (dataset.textStanceAgree).
  const camel = (key) => key.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
  const say = (key) => panel.dataset[`text${camel(key)}`] || text(key);
  const polls = new Map(); // id -> poll payload
  const list = $("room-polls");
  const url = (poll, action = "") => `${root.dataset.pollsUrl}${poll.id}/${action}`;
  const coordinator = root.dataset.coordinator === "true";
  const language = document.documentElement.lang || undefined;
  const when = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" });
  const until = new Intl.DateTimeFormat(language, { timeStyle: "short" });

  async function load() {
    const result = await api(root.dataset.pollsUrl);
    if (result.ok) for (const poll of result.data.results.reverse()) upsert(poll);
  }

  function upsert(poll) {
    polls.set(poll.id, poll);
    let item = list.querySelector(`li[data-poll="${poll.id}"]`);
    if (!item) {
      item = document.createElement("li");
      item.dataset.poll = poll.id;
      item.id = `peiling-${poll.id}`;
      item.className = "poll card-inner";
      list.prepend(item);
    }
    keepingFocus(item, () => draw(item, poll));
  }

  function optionLabel(option) {
    if (!option.starts_at) return option.label;
    return `${when.format(new Date(option.starts_at))}–${until.format(new Date(option.ends_at))}`;
  }

  function draw(item, poll) {
    item.classList.toggle("closed", !poll.open);
    const heading = document.createElement("h3");
    heading.textContent = poll.title;
    const meta = document.createElement("p");
    meta.className = "muted";
    const state = poll.open ? `${say("ClosesAt")} ${when.format(new Date(poll.closes_at))}` : say("Closed");
    const flags = [say(`Kind-${poll.kind}`), state];
    if (poll.anonymous) flags.push(say("Anonymous"));
    meta.textContent = flags.join(" · ");
    const parts = [heading, meta];
    if (poll.details) {
      const details = document.createElement("p");
      details.textContent = poll.details;
      parts.push(details);
    }
    if (poll.outcome) parts.push(outcome(poll));
    parts.push(results(poll));
    if (poll.open && isOpen()) parts.push(voteForm(poll));
    const mine = me() && poll.author.id === me().id;
    if (!poll.closed_at && isOpen() && (mine || coordinator)) parts.push(closeForm(poll));
    item.replaceChildren(...parts);
  }

  function outcome(poll) {
    const box = document.createElement("div");
    box.className = "poll-outcome";
    box.dataset.role = "outcome";
    const label = document.createElement("strong");
    label.textContent = `${say("Outcome")}: `;
    const body = document.createElement("span");
    body.textContent = poll.outcome;
    box.append(label, body);
    if (poll.session) {
      const link = document.createElement("a");
      link.href = poll.session.url;
      link.textContent = `${say(poll.decision ? "DecisionOf" : "PlannedSession")} ${poll.session.title}`;
      box.append(" · ", link);
    }
    return box;
  }

  function results(poll) {
    const box = document.createElement("div");
    box.className = "poll-results";
    if (!poll.results) {
      box.textContent = say("ResultsHidden");
      return box;
    }
    const rows = document.createElement("ul");
    rows.className = "plain";
    const entries = poll.kind === "proposal"
      ? STANCES.map((stance) => [say(`Stance-${stance}`), poll.results.tally[stance] || 0, stance])
      : poll.options.map((option) => [optionLabel(option), resultOf(poll, option), String(option.id)]);
    for (const [label, value, key] of entries) {
      const row = document.createElement("li");
      row.dataset.result = key;
      row.textContent = `${label}: ${value}`;
      rows.append(row);
    }
    const total = document.createElement("p");
    total.className = "muted";
    total.textContent = `${poll.results.votes} ${say("Votes")}${poll.voted ? ` · ${say("YouVoted")}` : ""}`;
    box.append(rows, total);
    for (const reason of poll.results.reasons) {
      const quote = document.createElement("blockquote");
      quote.textContent = `${say(`Stance-${reason.stance}`)}${reason.voter ? ` (${reason.voter.name})` : ""}: ${reason.reason}`;
      box.append(quote);
    }
    return box;
  }

  function resultOf(poll, option) {
    const key = String(option.id);
    if (poll.kind === "score") return poll.results.mean[key] ?? "–";
    return poll.results.tally[key] || 0;
  }

  function field(labelText, control) {
    const wrap = document.createElement("label");
    wrap.className = "poll-choice";
    wrap.append(control, " ", labelText);
    return wrap;
  }

  function voteForm(poll) {
    const form = document.createElement("form");
    form.className = "poll-vote";
    const controls = [];
    if (poll.kind === "proposal") {
      for (const stance of STANCES) {
        const radio = document.createElement("input");
        radio.type = "radio";
        radio.name = `stance-${poll.id}`;
        radio.value = stance;
        radio.dataset.key = `stance-${stance}`;
        controls.push(field(say(`Stance-${stance}`), radio));
      }
      const reason = document.createElement("textarea");
      reason.name = "reason";
      reason.maxLength = 2000;
      reason.dataset.key = "reason";
      reason.setAttribute("aria-label", say("Reason"));
      reason.placeholder = say("Reason");
      controls.push(reason);
    } else {
      for (const option of poll.options) controls.push(optionControl(poll, option));
    }
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.dataset.key = "vote";
    submit.textContent = poll.voted ? say("ChangeVote") : say("Vote");
    form.append(...controls, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const frame = { type: "poll.vote", poll_id: poll.id, client_id: newClientId(), ...choicesOf(poll, form) };
      if (!send(frame)) $("room-error").textContent = text("Failed");
    });
    return form;
  }

  function optionControl(poll, option) {
    const input = document.createElement("input");
    input.name = String(option.id);
    input.dataset.key = `option-${option.id}`;
    if (poll.kind === "time") input.type = "checkbox";
    else {
      input.type = "number";
      input.min = poll.kind === "score" ? "1" : "0";
      input.max = poll.kind === "score" ? "5" : String(poll.dots);
      input.value = poll.kind === "score" ? "3" : "0";
      input.required = true;
    }
    return field(optionLabel(option), input);
  }

  function choicesOf(poll, form) {
    if (poll.kind === "proposal") {
      const chosen = form.querySelector("input[type=radio]:checked");
      return { choices: { stance: chosen ? chosen.value : "" }, reason: form.elements.reason.value.trim() };
    }
    const choices = {};
    for (const option of poll.options) {
      const input = form.elements[String(option.id)];
      choices[option.id] = poll.kind === "time" ? Number(input.checked) : Number(input.value);
    }
    return { choices };
  }

  function closeForm(poll) {
    const form = document.createElement("form");
    form.className = "poll-close";
    const outcomeField = document.createElement("textarea");
    outcomeField.name = "outcome";
    outcomeField.required = true;
    outcomeField.maxLength = 2000;
    outcomeField.dataset.key = "outcome";
    outcomeField.setAttribute("aria-label", say("Outcome"));
    outcomeField.placeholder = say("Outcome");
    form.append(outcomeField);
    if (poll.kind === "time") {
      const select = document.createElement("select");
      select.name = "chosen_option";
      select.setAttribute("aria-label", say("WinningTime"));
      for (const option of poll.options) select.append(new Option(optionLabel(option), option.id));
      form.append(select);
    }
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.dataset.key = "close";
    submit.textContent = say("ClosePoll");
    form.append(submit);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = { outcome: outcomeField.value.trim() };
      if (form.elements.chosen_option) data.chosen_option = Number(form.elements.chosen_option.value);
      const result = await api(url(poll, "close/"), "POST", data);
      if (!result.ok) showError(result);
    });
    return form;
  }

  // --- A new poll ---------------------------------------------------------------------

  const form = $("room-poll-form");
  const kind = $("room-poll-kind");

  function showKindFields() {
    $("room-poll-options-field").hidden = kind.value === "proposal";
    $("room-poll-dots-field").hidden = kind.value !== "dots";
    $("room-poll-place-field").hidden = kind.value !== "time";
    $("room-poll-options-help").textContent = kind.value === "time" ? say("TimesHelp") : say("OptionsHelp");
  }

  // "2026-12-15 15:00-17:00": a time in the browser's own time zone.
  function timeOption(line) {
    const match = line.match(/^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/);
    if (!match) return null;
    const starts = new Date(`${match[1]}T${match[2].padStart(5, "0")}`);
    const ends = new Date(`${match[1]}T${match[3].padStart(5, "0")}`);
    if (Number.isNaN(starts.getTime()) || Number.isNaN(ends.getTime())) return null;
    return { starts_at: starts.toISOString(), ends_at: ends.toISOString() };
  }

  function newPoll() {
    const lines = $("room-poll-options").value.split("\n").map((line) => line.trim()).filter(Boolean);
    const data = {
      kind: kind.value,
      title: $("room-poll-title").value.trim(),
      details: $("room-poll-details").value.trim(),
      closes_at: new Date($("room-poll-closes").value).toISOString(),
      anonymous: $("room-poll-anonymous").checked,
      hide_results: $("room-poll-hidden").checked,
    };
    if (kind.value === "dots") data.dots = Number($("room-poll-dots").value);
    if (kind.value === "time") {
      data.location = $("room-poll-place").value.trim();
      data.options = lines.map(timeOption);
      if (data.options.includes(null)) return null;
    } else if (kind.value !== "proposal") {
      data.options = lines.map((label) => ({ label }));
    }
    return data;
  }

  kind.addEventListener("change", showKindFields);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    $("room-poll-error").textContent = "";
    const data = newPoll();
    if (!data) {
      $("room-poll-error").textContent = say("TimesHelp");
      return;
    }
    const result = await api(root.dataset.pollsUrl, "POST", data);
    if (!result.ok) {
      $("room-poll-error").textContent = result.data?.detail || text("Failed");
      return;
    }
    upsert(result.data);
    form.reset();
    showKindFields();
  });
  showKindFields();

  function redraw() {
    for (const poll of polls.values()) upsert(poll);
    form.hidden = !isOpen();
  }

  return { load, upsert, redraw };
}

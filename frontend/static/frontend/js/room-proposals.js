// The proposals panel: partners work a proposal out together, writing its text at the
// same time (room-coedit.js), and endorse, work out and adopt it.
export function setupProposals(room) {
  const { root, text, $, api, send, showError, button, keepingFocus, newClientId, messageById, quoteOf, me, isOpen, coedit } = room;
  const proposals = new Map(); // id -> proposal payload
  const list = $("room-proposals");
  const url = (proposal, action = "") => `${root.dataset.proposalsUrl}${proposal.id}/${action}`;
  let fromMessage = null;
  const sent = new Map(); // client_id -> the new proposal's fields, until the server has it
  let linkedShown = false;

  function mySchools() {
    const select = $("room-adopt-school");
    return select ? [...select.options].map((option) => ({ id: Number(option.value), name: option.textContent })) : [];
  }

  async function load() {
    const result = await api(root.dataset.proposalsUrl);
    if (result.ok) for (const proposal of result.data.results) upsert(proposal);
    // Arriving from a link to one proposal (#voorstel-N): it exists only now, so the
    // browser could not go to it itself.
    // Once: load() runs again after every reconnect, and must not move the focus then.
    const linked = !linkedShown && /^#voorstel-\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
    if (linked) {
      linkedShown = true;
      linked.tabIndex = -1;
      linked.classList.add("linked");
      linked.focus();
      linked.scrollIntoView({ block: "center" });
    }
  }

  function upsert(proposal) {
    proposals.set(proposal.id, proposal);
    sent.delete(proposal.client_id);
    let item = list.querySelector(`li[data-proposal="${proposal.id}"]`);
    if (!item) {
      item = document.createElement("li");
      item.dataset.proposal = proposal.id;
      item.id = `voorstel-${proposal.id}`; // an adopted action in a case links back here
      const view = document.createElement("div");
      view.className = "proposal-view";
      const panel = document.createElement("div");
      panel.className = "proposal-panel";
      item.append(view, panel);
      list.append(item);
    }
    const view = item.querySelector(".proposal-view");
    keepingFocus(view, () => view.replaceChildren(...drawProposal(proposal)));
  }

  function refreshQuotes(messageId) {
    for (const proposal of proposals.values()) if (proposal.from_message === messageId) upsert(proposal);
  }

  function drawProposal(proposal) {
    const heading = document.createElement("div");
    const title = document.createElement("strong");
    title.className = "proposal-title";
    title.textContent = proposal.title;
    const status = document.createElement("span");
    status.className = "badge";
    status.textContent = text(`Status-${proposal.status}`.replace(/-(\w)/g, (_, c) => c.toUpperCase())) || proposal.status;
    const version = document.createElement("span");
    version.className = "muted proposal-version";
    version.textContent = `${text("Version")} ${proposal.version}`;
    heading.append(title, " ", status, " ", version);
    const parts = [heading];
    if (proposal.from_message) parts.push(quoteOf(proposal.from_message));
    const body = document.createElement("div");
    body.className = "proposal-body";
    body.innerHTML = proposal.body_html; // sanitised on the server
    const count = document.createElement("span");
    count.className = "muted";
    count.textContent = `${proposal.endorsements} ${text(proposal.endorsements === 1 ? "Endorsement" : "Endorsements")}`;
    parts.push(body, count, adoptionList(proposal));
    // Endorsing, editing and adopting only in an open room; an adopting school reports
    // its outcome also after the room closed.
    if (isOpen()) parts.push(proposalActions(proposal));
    else if (adoptedByMySchools(proposal).length) parts.push(outcomeAction(proposal));
    return parts;
  }

  // Which schools adopted it, and each one's outcome once evaluated: for every partner.
  function adoptionList(proposal) {
    const adoptions = document.createElement("ul");
    adoptions.className = "adoptions";
    for (const adoption of proposal.adoptions) {
      const item = document.createElement("li");
      const school = document.createElement("strong");
      school.textContent = adoption.school.name;
      item.append(school, `: ${adoption.outcome || text("AdoptedBy")}`);
      if (adoption.measured) item.append(measuredLine(adoption.measured));
      adoptions.append(item);
    }
    return adoptions;
  }

  // A number the API sends as text ("52.4", "-0.1") in the page's language: "52,4" and
  // "−0,1" in Dutch; other text ("<10", "x") as it came, "?" for none.
  function localNumber(value, signed = false) {
    if (value === null || value === undefined) return "?";
    const number = Number(value);
    if (value === "" || !Number.isFinite(number)) return String(value);
    const format = new Intl.NumberFormat(document.documentElement.lang || "nl", {
      maximumFractionDigits: 6,
      useGrouping: false,
      signDisplay: signed ? "exceptZero" : "auto",
    });
    return format.format(number).replace("-", "\u2212");
  }

  // The adopting cycle's measured outcome, as the server sends it ("<10" stands for
  // numbers from fewer than ten pupils).
  function measuredLine(measured) {
    const line = document.createElement("span");
    line.className = "measured-outcome";
    const effect = text(`Effect-${measured.effect}`.replace(/[-_](\w)/g, (_, c) => c.toUpperCase()));
    const parts = [effect || measured.effect];
    if (measured.goal_reached !== null) parts.push(text(measured.goal_reached ? "GoalReached" : "GoalNotReached"));
    if (measured.value !== null) {
      const unit = measured.unit ? ` ${measured.unit}` : "";
      const shown = `${localNumber(measured.baseline)} → ${localNumber(measured.value)}${unit}`;
      parts.push(`${shown} (${text("Change")}: ${localNumber(measured.change, true)})`);
    }
    line.textContent = `${text("Measured")} (${measured.measure}): ${parts.join(" · ")}`;
    return line;
  }

  function proposalActions(proposal) {
    const actions = document.createElement("div");
    actions.className = "actions";
    const label = (name) => `${name}: ${proposal.title}`;
    const endorsed = me() && proposal.endorsed_by.includes(me().id);
    const endorse = button(endorsed ? text("Endorsed") : text("Endorse"), "endorse", () =>
      send({ type: "proposal.endorse", proposal_id: proposal.id }),
    );
    endorse.disabled = Boolean(endorsed);
    endorse.setAttribute("aria-label", label(endorse.textContent));
    const controls = [button(text("EditProposal"), "edit-proposal", () => startEdit(proposal.id))];
    // Support comes from partners: no endorsing one's own proposal.
    if (!me() || proposal.author.id !== me().id) controls.unshift(endorse);
    if (proposal.status === "idea") {
      controls.push(button(text("WorkedOut"), "worked-out", () => post(proposal, "worked-out/")));
    }
    // Offered while one of the person's schools has not adopted it yet.
    if (mySchools().length > adoptedByMySchools(proposal).length) {
      controls.push(
        button(text("Adopt"), "adopt", () => startAdopt(proposal.id)),
      );
    }
    if (adoptedByMySchools(proposal).length) {
      controls.push(button(text("Evaluate"), "evaluate", () => startEvaluate(proposal.id)));
    }
    for (const control of controls) {
      control.dataset.key = control.dataset.action;
      if (!control.hasAttribute("aria-label")) control.setAttribute("aria-label", label(control.textContent));
      actions.append(control);
    }
    return actions;
  }

  function outcomeAction(proposal) {
    const actions = document.createElement("div");
    actions.className = "actions";
    const evaluate = button(text("Evaluate"), "evaluate", () => startEvaluate(proposal.id));
    evaluate.dataset.key = "evaluate";
    evaluate.setAttribute("aria-label", `${evaluate.textContent}: ${proposal.title}`);
    actions.append(evaluate);
    return actions;
  }

  function adoptedByMySchools(proposal) {
    const adopted = new Set(proposal.adoptions.map((adoption) => adoption.school.id));
    return mySchools().filter((school) => adopted.has(school.id));
  }

  async function post(proposal, action, data = {}) {
    const result = await api(url(proposal, action), "POST", data);
    if (!result.ok) showError(result);
    else upsert(result.data);
  }

  // The cycles each of the person's schools may take a proposal into (from the page).
  function cyclesOf(schoolId) {
    const option = [...($("room-adopt-school")?.options || [])].find((o) => Number(o.value) === schoolId);
    if (!option) return { cycles: [], canStart: false };
    return { cycles: JSON.parse(option.dataset.cycles || "[]"), canStart: "canStart" in option.dataset };
  }

  // Adopting asks which cycle of the school the proposal joins: a running one, or a new
  // cycle started from it. Nothing is placed without that choice.
  function startAdopt(id) {
    const proposal = proposals.get(id);
    const panel = panelOf(id);
    if (!proposal || !panel || panel.querySelector(".proposal-adopt")) return;
    const school = Number($("room-adopt-school").value);
    const { cycles, canStart } = cyclesOf(school);
    const form = document.createElement("form");
    form.className = "proposal-adopt";
    const close = () => form.remove();
    if (!cycles.length && !canStart) {
      const none = document.createElement("p");
      none.className = "warning";
      none.textContent = text("NoCycle");
      form.append(none, buttonRow(button(text("Cancel"), "cancel-adopt", close)));
      panel.append(form);
      return;
    }
    const cycle = document.createElement("select");
    cycle.name = "case";
    for (const own of cycles) cycle.append(new Option(own.title, own.id));
    if (canStart) cycle.append(new Option(text("NewCycle"), "new"));
    const title = document.createElement("input");
    title.name = "title";
    title.maxLength = 200;
    title.value = proposal.title;
    const titleField = field(text("NewCycleTitle"), title);
    const start = document.createElement("input");
    start.type = "date";
    start.name = "start_date";
    const showTitle = () => {
      titleField.hidden = cycle.value !== "new";
      title.required = !titleField.hidden;
    };
    cycle.addEventListener("change", showTitle);
    showTitle();
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "primary";
    save.textContent = text("Adopt");
    form.append(
      field(text("AdoptInto"), cycle),
      titleField,
      field(text("StartsOn"), start),
      buttonRow(save, button(text("Cancel"), "cancel-adopt", close)),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = { school };
      if (cycle.value === "new") data.new_cycle = { title: title.value };
      else data.case = Number(cycle.value);
      if (start.value) data.start_date = start.value;
      const result = await api(url(proposal, "adopt/"), "POST", data);
      if (!result.ok) return showError(result);
      close();
      upsert(result.data);
      adopted(proposal.id, result.data.action);
    });
    panel.append(form);
    cycle.focus();
  }

  // Say where the action went, linking to the cycle's action plan.
  function adopted(id, action) {
    const note = document.createElement("p");
    note.className = "success adoption-note";
    note.setAttribute("role", "status");
    const link = document.createElement("a");
    link.href = action.url;
    link.textContent = action.case.title;
    note.append(`${text("AdoptedInto")} `, link, ".");
    // Before any open form (its text stays), and focused: the Adopt button just went away.
    const panel = panelOf(id);
    panel.querySelector(".adoption-note")?.remove();
    panel.prepend(note);
    note.tabIndex = -1;
    note.focus();
  }

  function panelOf(id) {
    return list.querySelector(`li[data-proposal="${id}"] .proposal-panel`);
  }

  let fieldCount = 0;
  function field(labelText, element) {
    fieldCount += 1;
    element.id = `room-proposal-field-${fieldCount}`;
    const label = document.createElement("label");
    label.htmlFor = element.id;
    label.textContent = labelText;
    const wrapper = document.createElement("div");
    wrapper.className = "field";
    wrapper.append(label, element);
    return wrapper;
  }

  function buttonRow(...buttons) {
    const row = document.createElement("div");
    row.className = "actions";
    row.append(...buttons);
    return row;
  }

  // The editor: the title is saved on its own; the text is written together, live
  // (room-coedit.js), and stored with every keystroke, so there is nothing to save and
  // nobody's text to overwrite.
  function startEdit(id) {
    const proposal = proposals.get(id);
    const panel = panelOf(id);
    if (!proposal || !panel || panel.querySelector(".proposal-editor")) return;
    const name = `proposal:${proposal.id}`;
    const form = document.createElement("form");
    form.className = "proposal-editor";
    const title = document.createElement("input");
    title.name = "title";
    title.maxLength = 200;
    title.required = true;
    title.value = proposal.title;
    const saveTitle = document.createElement("button");
    saveTitle.type = "submit";
    saveTitle.textContent = text("SaveTitle");
    const body = document.createElement("textarea");
    body.name = "body";
    body.value = proposal.body;
    body.spellcheck = true;
    const layer = document.createElement("div");
    layer.className = "coedit-layer";
    layer.setAttribute("aria-hidden", "true");
    const surface = document.createElement("div");
    surface.className = "coedit";
    surface.append(layer, body);
    const notice = document.createElement("p");
    notice.className = "warning coedit-findings";
    notice.setAttribute("role", "status");
    notice.hidden = true;
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.textContent = text("CoeditHint");
    const history = document.createElement("div");
    history.className = "coedit-history";
    const close = () => {
      coedit.close(name);
      form.remove();
      panelOf(id)?.parentElement.querySelector('[data-action="edit-proposal"]')?.focus();
    };
    const bodyField = field(root.querySelector('label[for="room-proposal-body"]').textContent, surface);
    bodyField.querySelector("label").htmlFor = body.id = `${surface.id}-text`;
    form.append(
      field(root.querySelector('label[for="room-proposal-title"]').textContent, title),
      buttonRow(saveTitle),
      bodyField,
      hint,
      notice,
      history,
      buttonRow(button(text("History"), "proposal-history", () => showHistory(proposal, history)), button(text("Close"), "close-proposal-edit", close)),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const current = proposals.get(id) || proposal;
      const result = await api(url(current), "PATCH", { version: current.version, title: title.value });
      if (result.status === 409 && result.data && result.data.current) upsert(result.data.current);
      if (!result.ok) return showError(result);
      upsert(result.data);
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });
    panel.append(form);
    coedit.open(name, { textarea: body, layer, notice });
    body.focus();
  }

  // The versions kept of the text, newest first; restoring one is one more edit, which
  // every open editor receives like anyone's.
  async function showHistory(proposal, box) {
    const result = await api(url(proposal, "versions/"));
    if (!result.ok) return showError(result);
    const list = document.createElement("ol");
    list.className = "coedit-versions";
    for (const version of result.data.results) {
      const item = document.createElement("li");
      const when = document.createElement("time");
      when.dateTime = version.created_at;
      when.textContent = new Date(version.created_at).toLocaleString();
      const excerpt = document.createElement("span");
      excerpt.className = "excerpt";
      excerpt.textContent = version.text.slice(0, 140) || "—";
      const restore = button(text("Restore"), "restore-version", async () => {
        const done = await api(url(proposal, `versions/${version.id}/restore/`), "POST", {});
        if (!done.ok) return showError(done);
        box.replaceChildren();
      });
      item.append(when, " ", version.made_by ? `${version.made_by.name} ` : "", excerpt, " ", restore);
      list.append(item);
    }
    box.replaceChildren(list);
  }

  function startEvaluate(id) {
    const proposal = proposals.get(id);
    const panel = panelOf(id);
    if (!proposal || !panel || panel.querySelector(".proposal-evaluate")) return;
    const form = document.createElement("form");
    form.className = "proposal-evaluate";
    const school = document.createElement("select");
    school.name = "school";
    for (const own of adoptedByMySchools(proposal)) school.append(new Option(own.name, own.id));
    const outcome = document.createElement("textarea");
    outcome.name = "outcome";
    outcome.required = true;
    const save = document.createElement("button");
    save.type = "submit";
    save.className = "primary";
    save.textContent = text("Save");
    const close = () => form.remove();
    form.append(
      field($("room-adopt-school").labels[0]?.textContent || "", school),
      field(text("Outcome"), outcome),
      buttonRow(save, button(text("Cancel"), "cancel-evaluate", close)),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const result = await api(url(proposal, "evaluate/"), "POST", {
        school: Number(school.value),
        outcome: outcome.value,
      });
      if (!result.ok) {
        showError(result);
        return;
      }
      upsert(result.data);
      close();
    });
    panel.append(form);
    outcome.focus();
  }

  // "Make a proposal from this message": the new-proposal form remembers the message.
  function startFrom(message) {
    fromMessage = message.id;
    const note = $("room-proposal-from-text");
    note.textContent = `${text("FromMessage")}: ${message.author.name}: ${message.excerpt}`;
    $("room-proposal-from").hidden = false;
    const title = $("room-proposal-title");
    if (!title.value.trim()) title.value = message.excerpt.slice(0, 200);
    title.focus();
  }

  function stopFrom() {
    fromMessage = null;
    $("room-proposal-from").hidden = true;
  }

  $("room-proposal-from-cancel").addEventListener("click", () => {
    stopFrom();
    $("room-proposal-title").focus();
  });

  $("room-proposal-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const title = $("room-proposal-title");
    const body = $("room-proposal-body");
    if (!title.value.trim()) return;
    const frame = { type: "proposal.create", client_id: newClientId(), title: title.value, body: body.value };
    if (fromMessage) frame.from_message = fromMessage;
    if (!send(frame)) return showError({}); // offline: the text stays in the form
    sent.set(frame.client_id, { title: title.value, body: body.value });
    title.value = "";
    body.value = "";
    stopFrom();
  });

  // A room that closes takes every write control away: the actions, the open editors and
  // the choice of school to adopt for; reopening brings them back.
  function showRoomStatus(open) {
    if (!open) {
      stopFrom();
      for (const form of list.querySelectorAll(".proposal-panel > form:not(.proposal-evaluate)")) form.remove();
    }
    const adopt = $("room-adopt");
    if (adopt) adopt.hidden = !open;
    for (const proposal of proposals.values()) upsert(proposal);
  }

  // A new proposal the server refused (e.g. personal data in it): its text goes back into
  // the form when that is empty, so nothing typed is lost.
  function refused(clientId) {
    const fields = sent.get(clientId);
    sent.delete(clientId);
    const title = $("room-proposal-title");
    const body = $("room-proposal-body");
    if (!fields || title.value.trim() || body.value.trim()) return;
    title.value = fields.title;
    body.value = fields.body;
    title.focus();
  }

  return { load, upsert, refreshQuotes, startFrom, showRoomStatus, refused, messageById };
}

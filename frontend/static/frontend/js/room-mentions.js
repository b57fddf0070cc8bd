// Suggests the room's people while someone types `@name` in the composer. The list comes
// from the server (GET …/members/); choosing a person inserts `@username`, which the
// server marks as a mention when it renders the message.
const MAX_SUGGESTIONS = 6;
const TYPED_MENTION = /(?:^|[^\w@])@([\w.+-]*)$/;

export function setupMentions({ field, list, url, api, me }) {
  let members = [];
  let shown = [];
  let active = 0;

  async function load() {
    const result = await api(url);
    if (result.ok && Array.isArray(result.data)) members = result.data;
  }

  function typed() {
    const before = field.value.slice(0, field.selectionStart);
    const match = before.match(TYPED_MENTION);
    return match ? match[1].toLowerCase() : null;
  }

  function close() {
    shown = [];
    list.hidden = true;
    list.replaceChildren();
    field.removeAttribute("aria-activedescendant");
  }

  function render() {
    list.replaceChildren(
      ...shown.map((person, index) => {
        const option = document.createElement("li");
        option.id = `room-mention-${person.id}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", String(index === active));
        option.dataset.username = person.username;
        option.textContent = `${person.name} (@${person.username})`;
        // mousedown, not click: the textarea keeps its focus and caret.
        option.addEventListener("mousedown", (event) => {
          event.preventDefault();
          choose(person);
        });
        return option;
      }),
    );
    list.hidden = false;
    field.setAttribute("aria-activedescendant", `room-mention-${shown[active].id}`);
  }

  function suggest() {
    const query = typed();
    if (query === null) {
      close();
      return;
    }
    shown = members
      .filter((person) => person.id !== me()?.id)
      .filter((person) => person.username.toLowerCase().startsWith(query) || person.name.toLowerCase().includes(query))
      .slice(0, MAX_SUGGESTIONS);
    active = 0;
    if (shown.length) render();
    else close();
  }

  function choose(person) {
    const caret = field.selectionStart;
    const before = field.value.slice(0, caret).replace(/@[\w.+-]*$/, `@${person.username} `);
    field.value = before + field.value.slice(caret);
    field.selectionStart = field.selectionEnd = before.length;
    close();
    field.focus();
  }

  // True when the key was for the suggestions (the composer then ignores it).
  function handleKey(event) {
    if (list.hidden || !shown.length) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      active = (active + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (event.key === "Enter" || event.key === "Tab") {
      choose(shown[active]);
    } else if (event.key === "Escape") {
      close();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  field.addEventListener("input", suggest);
  field.addEventListener("click", suggest);
  field.addEventListener("blur", () => window.setTimeout(close, 150));
  return { load, handleKey };
}

// Suggests the room's people while someone types `@name` in the composer. The server
// searches them as one types (GET …/members/?q=, the first few matches: a network has
// thousands of people); choosing a person inserts `@username`, which the server marks as
// a mention when it renders the message.
const MAX_SUGGESTIONS = 6;
const TYPED_MENTION = /(?:^|[^\w@])@([\w.+-]*)$/;
const SEARCH_DELAY = 120; // ms after the last key before asking the server
const MAX_CACHED = 50;

export function setupMentions({ field, list, url, api, me }) {
  const found = new Map(); // query -> people, the latest few queries
  let shown = [];
  let active = 0;
  let timer = null;

  async function search(query) {
    if (!found.has(query)) {
      const result = await api(`${url}?q=${encodeURIComponent(query)}`);
      if (!result.ok || !Array.isArray(result.data)) return null;
      if (found.size >= MAX_CACHED) found.delete(found.keys().next().value);
      found.set(query, result.data);
    }
    return found.get(query);
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
    window.clearTimeout(timer);
    const query = typed();
    if (query === null) {
      close();
      return;
    }
    timer = window.setTimeout(() => showMatches(query), found.has(query) ? 0 : SEARCH_DELAY);
  }

  async function showMatches(query) {
    const people = await search(query);
    if (people === null || typed() !== query) return; // typed on (or away) meanwhile
    shown = people.filter((person) => person.id !== me()?.id).slice(0, MAX_SUGGESTIONS);
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
  return { handleKey };
}

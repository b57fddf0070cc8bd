// A button with data-copy="<input id>" copies that input's text to the clipboard and says
// so for a moment; without clipboard access it selects the text for the person to copy.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  const label = button.textContent;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      button.textContent = button.dataset.copied;
      window.setTimeout(() => { button.textContent = label; }, 2000);
    } catch {
      field.select();
    }
  });
}

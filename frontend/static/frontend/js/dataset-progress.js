// Follows a dataset's background job: updates the progress bar, and reloads the page
// when the job has moved the dataset to its next state.
const panel = document.getElementById("dataset-progress");

async function poll() {
  try {
    const response = await fetch(panel.dataset.statusUrl, { headers: { Accept: "application/json" } });
    if (response.ok) {
      const state = await response.json();
      if (state.status !== panel.dataset.status) {
        window.location.reload();
        return;
      }
      panel.querySelector("progress").value = state.progress;
      panel.querySelector("#progress-stage").textContent = state.stage;
    }
  } catch {
    // A dropped request is retried on the next tick.
  }
  window.setTimeout(poll, 1000);
}

if (panel) {
  window.setTimeout(poll, 1000);
}

// Starts the GOV.UK Frontend components. Everything works without it; this only adds polish.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

// Follow-up questions: show one as soon as the answer it depends on is chosen. Without
// JavaScript the page shows it after saving instead, so this is a comfort, not a requirement.
for (const followUp of document.querySelectorAll("[data-show-if-question]")) {
  const parent = followUp.dataset.showIfQuestion;
  const levels = followUp.dataset.showIfLevels.split(",");
  const radios = document.querySelectorAll(`input[name="${parent}-answer"]`);
  const update = () => {
    const chosen = [...radios].find((radio) => radio.checked);
    followUp.hidden = !(chosen && levels.includes(chosen.value));
  };
  for (const radio of radios) radio.addEventListener("change", update);
}

// Warn before leaving a question page with unsaved changes.
const answerForm = document.querySelector("form[data-warn-unsaved]");
if (answerForm) {
  let dirty = false;
  answerForm.addEventListener("change", () => { dirty = true; });
  answerForm.addEventListener("submit", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });
}

// Small improvements on pages that already work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // After a failed submit, focus goes to the error summary so a screen reader reads it
  // first and a keyboard user starts from the list of links to each field.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  // A "Print this page" button only works with JavaScript, so it is shown only then.
  for (const button of document.querySelectorAll("[data-print-button]")) {
    button.hidden = false;
    button.classList.add("is-ready");
    button.addEventListener("click", () => window.print());
  }
});

// The printed page says when it was printed, not when the page was served.
window.addEventListener("beforeprint", () => {
  const today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  for (const slot of document.querySelectorAll("[data-print-date]")) {
    slot.textContent = today;
  }
});

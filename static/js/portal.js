// Small improvements on pages that already work without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // After a failed submit, focus goes to the error summary so a screen reader reads it
  // first and a keyboard user starts from the list of links to each field.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }

  // A print button only works with JavaScript, so it is shown only then; a print link (to
  // the print view, for when there is no script) prints the page at once instead.
  for (const control of document.querySelectorAll("[data-print-button]")) {
    control.hidden = false;
    control.classList.add("is-ready");
    control.addEventListener("click", (event) => {
      event.preventDefault();
      window.print();
    });
  }
});

// The printed page says when it was printed, not when the page was served.
window.addEventListener("beforeprint", () => {
  const today = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  for (const slot of document.querySelectorAll("[data-print-date]")) {
    slot.textContent = today;
  }
});

// "Print this summary": with script, print the page at once; without, the link opens the
// print view.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print-button]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

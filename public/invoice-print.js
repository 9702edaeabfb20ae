// The invoice page's "Print or save as PDF" button: shown only where a script can print.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});

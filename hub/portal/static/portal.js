// Small conveniences only: every page works without this file.
// An error summary gets the focus, so a screen reader announces what is wrong at once.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus]");
  if (summary instanceof HTMLElement) {
    summary.focus();
  }
});

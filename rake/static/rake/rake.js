// Progressive enhancement only: every page works without this script.
// Move focus to an error summary so that keyboard and screen-reader users hear the errors first.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-rake-error-summary]");
  if (summary) {
    summary.focus();
  }
});

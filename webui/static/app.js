// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Changing the sort order re-runs the search.
  document.querySelectorAll("select.autosubmit").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  // "Back" returns to the result list the reader came from, when there is one.
  document.querySelectorAll("a.back").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (document.referrer && new URL(document.referrer).origin === location.origin) {
        event.preventDefault();
        history.back();
      }
    });
  });
  // The collection picker on an article page sends the form to the chosen collection.
  document.querySelectorAll("select.retarget").forEach((el) => {
    el.addEventListener("change", () => { el.form.action = el.value; });
  });
});

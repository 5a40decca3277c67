// Quick exit, after GOV.UK's "Exit this page". Without this script the button is a plain link to a
// neutral site. With it: the page is blanked at once, then replaced with location.replace so it leaves
// no history entry (Back does not return to it); three presses of Shift within five seconds do the same.
(function () {
  "use strict";
  var button = document.querySelector("[data-quick-exit]");
  if (!button) return;
  var destination = button.getAttribute("href");

  function exitNow(event) {
    if (event) event.preventDefault();
    document.documentElement.classList.add("quick-exit-active");
    document.title = "";
    window.location.replace(destination);
  }

  button.addEventListener("click", exitNow);

  var hint = document.querySelector(".quick-exit__hint");
  if (hint) hint.hidden = false;

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      if (event.key !== "Shift") presses = 0;
      return;
    }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 5000);
    if (presses >= 3) exitNow();
  });

})();

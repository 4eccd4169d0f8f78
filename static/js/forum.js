// Meridian's small script: the theme switch, and closing the <details> menus with
// Escape or a click elsewhere. Everything else works without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { /* storage disabled */ }
  if (stored === "light" || stored === "dark") { root.dataset.theme = stored; }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-theme-toggle]");
    if (!toggle) { return; }
    var dark = root.dataset.theme === "dark" ||
      (root.dataset.theme === "auto" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.dataset.theme = dark ? "light" : "dark";
    try { localStorage.setItem("theme", root.dataset.theme); } catch (e) { /* storage disabled */ }
  });

  function openMenus() { return document.querySelectorAll("details.menu[open], details.bell[open], details.user-menu[open], details.mod-menu[open], details.level-menu[open], details.site-menu[open]"); }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    openMenus().forEach(function (menu) {
      menu.open = false;
      if (menu.contains(document.activeElement) || document.activeElement === document.body) {
        menu.querySelector("summary").focus();
      }
    });
  });

  document.addEventListener("click", function (event) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.open = false; }
    });
  });

  // A suggested tag replaces the word being typed in the tags field.
  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-add-tag]");
    if (!choice) { return; }
    var input = document.querySelector("input[name=tags]");
    var words = input.value.replace(/,/g, " ").split(/\s+/).filter(Boolean);
    if (!/\s$/.test(input.value)) { words.pop(); }
    words.push(choice.dataset.addTag);
    input.value = words.join(" ") + " ";
    input.focus();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();

// Starts GOV.UK Frontend's components. A file, not an inline script, so that a strict
// Content-Security-Policy can apply later. Module scripts do not run in browsers that
// GOV.UK Frontend does not support; those get the pages without JavaScript, which all work.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// A table wider than the screen scrolls in its own box (.joinedup-table-scroll), not the page.
// While it does, the box takes keyboard focus, so that arrow keys scroll it, and is named by
// the table's caption; a table that fits is left alone (no needless tab stop).
function markScrolling(box) {
  if (box.scrollWidth > box.clientWidth) {
    const caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", `${caption ? caption.textContent.trim() : "Table"} (scrolls sideways)`);
  } else if (box !== document.activeElement) {
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
  }
}

const boxes = document.querySelectorAll(".joinedup-table-scroll");
if (boxes.length && "ResizeObserver" in window) {
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => markScrolling(entry.target)));
  boxes.forEach((box) => observer.observe(box));
}

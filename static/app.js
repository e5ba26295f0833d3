// Lanterne: progressive enhancements only; every page works without this file.
"use strict";

// Copy buttons: <button data-copy="text">; "Copied" in the page's language (<body data-copied>).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  navigator.clipboard.writeText(button.dataset.copy).then(() => {
    const label = button.textContent;
    button.textContent = document.body.dataset.copied || "Copied";
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});

// Print buttons: <button data-print> (a campaign's report, saved as PDF from the dialog).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// Confirmation before destructive actions: <form data-confirm="question">; the choice checked
// in the form may ask its own (<input type="radio" data-confirm="question">).
document.addEventListener("submit", (event) => {
  const chosen = event.target.querySelector("input:checked[data-confirm]");
  const question = chosen ? chosen.dataset.confirm : event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Live numbers: <section data-live="/dashboard/live"> reloads its content every 10 s.
for (const section of document.querySelectorAll("[data-live]")) {
  const refresh = async () => {
    // The header asks for the bare fragment: opened as a page, the address answers a whole one.
    const response = await fetch(section.dataset.live, {
      headers: { Accept: "text/html", "Lanterne-Fragment": "1" },
    });
    if (response.ok) section.innerHTML = await response.text();
  };
  refresh();
  setInterval(refresh, 10000);
}

// Filters that apply as they change: <form data-apply-on-change>. A list or a date applies at
// once, a typed field when it is left or Enter is pressed; the button still works without JS.
document.addEventListener("change", (event) => {
  const form = event.target.form;
  if (!form || !form.matches("[data-apply-on-change]")) return;
  // A custom period applies once both of its dates are there.
  const dates = [...form.querySelectorAll("input[type=date]")];
  if (event.target.type === "date" && dates.some((date) => !date.value)) return;
  form.requestSubmit();
});

// A channel's key shown as its label is typed: <input data-key-from="label-id">, made as
// the server makes it (src/links/catalogue.rs, key_from_label).
for (const key of document.querySelectorAll("[data-key-from]")) {
  const label = document.getElementById(key.dataset.keyFrom);
  const initial = key.placeholder;
  const derive = () => {
    const made = label.value.toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss").replace(/ø/g, "o").replace(/ł/g, "l")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/['’]/g, "")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 32).replace(/-+$/, "");
    key.placeholder = made || initial;
  };
  label.addEventListener("input", derive);
  derive();
}

// Tables sorted by any column: <table data-sortable>; a header's button sorts by its column,
// again the other way. Cells compare by their data-sort (a raw number or date), else their text.
for (const table of document.querySelectorAll("table[data-sortable]")) {
  const body = table.tBodies[0];
  const headers = [...table.tHead.rows[0].cells];
  headers.forEach((th, column) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const descending = th.getAttribute("aria-sort") !== "descending";
      for (const other of headers) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      const value = (row) => {
        const cell = row.cells[column];
        return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : "";
      };
      const rows = [...body.rows].filter((row) => row.cells.length === headers.length);
      rows.sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const [nx, ny] = [Number(x), Number(y)];
        const order = x !== "" && y !== "" && !Number.isNaN(nx) && !Number.isNaN(ny)
          ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
        return descending ? -order : order;
      });
      body.append(...rows);
    });
  });
}

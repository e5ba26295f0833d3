// Lanterne: progressive enhancements only; every page works without this file.
"use strict";

// Copy buttons: <button data-copy="text">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  navigator.clipboard.writeText(button.dataset.copy).then(() => {
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(() => { button.textContent = label; }, 1500);
  });
});

// Print buttons: <button data-print> (a campaign's report, saved as PDF from the dialog).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// Confirmation before destructive actions: <form data-confirm="question">.
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Live numbers: <section data-live="/dashboard/live"> reloads its content every 10 s.
for (const section of document.querySelectorAll("[data-live]")) {
  const refresh = async () => {
    const response = await fetch(section.dataset.live, { headers: { Accept: "text/html" } });
    if (response.ok) section.innerHTML = await response.text();
  };
  refresh();
  setInterval(refresh, 10000);
}

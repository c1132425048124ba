// A form sent back with errors: focus its summary, so the phone's screen and a screen reader start
// there, and each of its links leads to a field that needs attention.
const summary = document.querySelector("[data-error-summary]");
if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach((link) => {
        link.addEventListener("click", (event) => {
            const field = document.getElementById(link.getAttribute("href").slice(1));
            if (!field) return;
            event.preventDefault();
            field.scrollIntoView({ block: "center" });
            field.focus();
        });
    });
}

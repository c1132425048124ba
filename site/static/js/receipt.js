// The receipt's copy and print buttons: shown only where they work, as a static script (no inline code).
document.querySelectorAll("[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
});

const copyStatus = document.querySelector("[data-copy-status]");
document.querySelectorAll("[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return; // only on HTTPS and localhost: without it, write it down or download it
    button.hidden = false;
    button.addEventListener("click", async () => {
        try {
            await navigator.clipboard.writeText(button.dataset.copy);
            copyStatus.textContent = button.dataset.copied;
        } catch {
            copyStatus.textContent = "";
        }
    });
});

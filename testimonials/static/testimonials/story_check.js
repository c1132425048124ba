// The story editor: after Publish was refused because the edited text is still being checked on the
// worker, ask where the check stands every two seconds and say in place when Publish will work.
(function () {
    "use strict";

    const box = document.querySelector("[data-story-check]");
    if (!box || !window.fetch) {
        return;
    }
    let asked = 0;
    function ask() {
        asked += 1;
        fetch(box.dataset.storyCheck, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (answer) {
                if (answer && answer.state !== "pending") {
                    box.dataset.state = answer.state;
                    box.classList.remove("help-info");
                    box.classList.add(answer.state === "clear" ? "help-info" : "help-warning");
                    box.querySelector("p").textContent = answer.message;
                } else if (asked < 90) {
                    window.setTimeout(ask, 2000);
                }
            })
            .catch(function () {
                if (asked < 90) {
                    window.setTimeout(ask, 5000);
                }
            });
    }
    window.setTimeout(ask, 1500);
})();

// The moderator's review screen: select words to redact them, and move through findings with keys.
// Every change is an ordinary form post; this file only makes the forms quicker to reach, and sends
// "keep" and "redact" in the background, swapping in the screen the server answers with.
(function () {
    "use strict";

    let keydownHandler = null;

    function init(review, focusFinding) {

        // Selection: offsets in the original text come from the segments' data-start, so a selection
        // may cover plain text and kept findings, but not a placeholder (what it hides is not shown).
        const text = review.querySelector("[data-review-text]");
        const addForm = review.querySelector("[data-add-form]");

        function offsetOf(node, offset) {
            const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
            const segment = element && element.closest("[data-start]");
            if (!segment || !text.contains(segment)) {
                return null;
            }
            return Number(segment.dataset.start) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
        }

        function showAddForm() {
            const selection = window.getSelection();
            if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
                return;
            }
            const range = selection.getRangeAt(0);
            const start = offsetOf(range.startContainer, range.startOffset);
            const end = offsetOf(range.endContainer, range.endOffset);
            if (start === null || end === null || end <= start) {
                return;
            }
            addForm.querySelector("input[name=start]").value = start;
            addForm.querySelector("input[name=end]").value = end;
            addForm.querySelector("[data-selection-preview]").textContent = selection.toString().trim();
            addForm.hidden = false;
            addForm.querySelector("select, input:not([type=hidden])").focus();
        }

        if (text && addForm) {
            text.addEventListener("mouseup", showAddForm);
            text.addEventListener("keyup", (event) => {
                if (event.shiftKey) {
                    showAddForm();
                }
            });
            addForm.querySelector("[data-add-cancel]").addEventListener("click", () => {
                addForm.hidden = true;
            });
        }

        // Keys: j / k move between findings, x keeps or redacts the current one.
        const items = Array.from(review.querySelectorAll("[data-finding-item]"));
        let current = -1;

        function select(index) {
            if (items.length === 0) {
                return;
            }
            current = (index + items.length) % items.length;
            const item = items[current];
            item.focus();
            review.querySelectorAll("mark.is-current").forEach((mark) => mark.classList.remove("is-current"));
            const mark = review.querySelector(`mark[data-finding="${item.dataset.findingItem}"]`);
            if (mark) {
                mark.classList.add("is-current");
                mark.scrollIntoView({ block: "nearest" });
            }
        }

        if (keydownHandler) {
            document.removeEventListener("keydown", keydownHandler);
        }
        keydownHandler = (event) => {
            if (event.ctrlKey || event.metaKey || event.altKey || event.target.closest("input, textarea, select")) {
                return;
            }
            if (event.key === "j") {
                select(current + 1);
            } else if (event.key === "k") {
                select(current - 1);
            } else if (event.key === "x" && current >= 0) {
                const toggle = items[current].querySelector("[data-toggle]:not([disabled])");
                if (toggle) {
                    toggle.click();
                }
            } else {
                return;
            }
            event.preventDefault();
        };
        document.addEventListener("keydown", keydownHandler);

        review.querySelectorAll("mark[data-finding]").forEach((mark) => {
            mark.addEventListener("click", () => {
                select(items.findIndex((item) => item.dataset.findingItem === mark.dataset.finding));
            });
        });

        // Keep or redact without reloading: the same post, then the screen the server renders for it.
        review.querySelectorAll("form.review__toggle").forEach((form) => {
            form.addEventListener("submit", async (event) => {
                event.preventDefault();
                const button = event.submitter || form.querySelector("[data-toggle]");
                const data = new FormData(form);
                data.set(button.name, button.value);
                button.disabled = true;
                try {
                    // getAttribute: the form's own input named "action" hides the form.action property.
                    const url = form.getAttribute("action");
                    const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
                    const page = new DOMParser().parseFromString(await response.text(), "text/html");
                    const fresh = page.querySelector("[data-review]");
                    if (!response.ok || !fresh) {
                        throw new Error(`answered ${response.status}`);
                    }
                    const finding = form.querySelector("input[name=finding]").value;
                    const messages = page.querySelector(".messages");
                    const shownMessages = document.querySelector(".messages");
                    if (messages && shownMessages) {
                        shownMessages.replaceWith(messages);
                    } else if (messages) {
                        review.before(messages);
                    }
                    // What the moderator has typed in the decision form (a note, a reason) comes along.
                    const typed = Array.from(review.querySelectorAll("#review-decision textarea, #review-decision input:not([type=hidden])"));
                    typed.forEach((field) => {
                        const twin = fresh.querySelector(`#review-decision [name="${field.name}"]`);
                        if (twin && field.value && !twin.value) {
                            twin.value = field.value;
                        }
                    });
                    review.replaceWith(fresh);
                    init(fresh, finding);
                    if (window.textCheckWatch) {
                        window.textCheckWatch(fresh); // a changed text is checked again on the worker
                    }
                } catch (error) {
                    console.warn("keep or redact in place failed, posting the form instead:", error);
                    // The ordinary post, with the button's choice (submit() sends no submitter): nothing is lost.
                    const choice = document.createElement("input");
                    Object.assign(choice, { type: "hidden", name: button.name, value: button.value });
                    form.append(choice);
                    form.submit();
                }
            });
        });

        // After a change (in place, or a reload at #finding-N): carry on from that finding.
        const fromHash = items.findIndex((item) =>
            focusFinding ? item.dataset.findingItem === String(focusFinding) : `#${item.id}` === window.location.hash,
        );
        if (fromHash >= 0) {
            select(fromHash);
        }
    }

    const review = document.querySelector("[data-review]");
    if (review) {
        init(review, null);
    }
})();


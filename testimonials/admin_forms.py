"""The story editor's form: publishing asks testimonials.publishing, like every other path."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import publishing

# What communications staff can do about each refusal of the text: only moderators judge a flagged text.
EDITOR_ADVICE = {
    publishing.NOT_CHECKED_YET: "",
    publishing.CHECK_FAILED: (
        "Try again later, or send the story back to a moderator, who can approve it with a reason."
    ),
    publishing.PERSONAL_DATA_LEFT: (
        "Remove it before publishing. If you believe it is not personal data, send the story back to a "
        "moderator (“Send back to a moderator” in the page’s actions)."
    ),
}


class StoryPageForm(WagtailAdminPageForm):
    """The story editor. Publishing checks the body: communications staff cannot override what the
    check finds; only moderators judge that, so a disputed text goes back to them (story_return_to_review).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].help_text = _(
            "The first title was made from what the author told about themselves. Write your own: say what "
            "happened to them, in the story’s language, without anything that could identify them."
        )

    def clean(self):
        cleaned_data = super().clean()
        if not self.data.get("action-publish"):
            return cleaned_data
        # Say why publishing is refused in the editor, rather than failing in the model's save.
        if problem := publishing.publication_problem(self.instance.testimony):
            self.add_error(None, problem)
            return cleaned_data
        body = cleaned_data.get("body", "")
        refusal = publishing.text_refusal(
            body, testimony=self.instance.testimony, cleared_digest=self.instance.scan_cleared_digest
        )
        if refusal is not None:
            self.add_error("body", " ".join([*refusal.messages, _(EDITOR_ADVICE[refusal.code])]).strip())
            if refusal.code == publishing.NOT_CHECKED_YET:
                self.text_check_waiting = refusal.check  # TextCheckPanel waits for it in place
        elif not self.errors:
            self.instance.scan_cleared_digest = publishing.text_digest(body)
        return cleaned_data

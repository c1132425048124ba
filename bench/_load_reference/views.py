from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .models import ReferenceNote


class ReferenceNoteForm(forms.ModelForm):
    class Meta:
        model = ReferenceNote
        fields = ["text"]


def reference_post(request: HttpRequest) -> HttpResponse:
    """The floor under the public form: CSRF (middleware), one ModelForm, one row, a redirect."""
    form = ReferenceNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(request.path)
    return HttpResponse(status=400 if request.method == "POST" else 200)

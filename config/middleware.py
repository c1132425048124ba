from django.http import HttpResponseBadRequest


class NulCharactersRefusedMiddleware:
    """A NUL character in the address or the query is refused with 400 before any view sees it.

    PostgreSQL cannot hold NUL in text, so a search, filter or page slug carrying one failed as a
    server error; Django's forms already refuse NUL in what is posted.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key or "\x00" in value for key, value in _query_items(request)):
            return HttpResponseBadRequest("Addresses and queries cannot contain NUL characters.")
        return self.get_response(request)


def _query_items(request):
    for key, values in request.GET.lists():
        for value in values:
            yield key, value

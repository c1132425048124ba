import csv
from itertools import chain

from django.http import StreamingHttpResponse
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import permission_denied

from .models import ConsentChange

EXPORT_PERMISSION = "testimonials.export_consent_records"
COLUMNS = ("reference", "consent", "given", "wording_version", "changed_at")


class _Echo:
    def write(self, value):
        return value


@never_cache
def consent_records_export(request):
    """Every consent given or withdrawn, for the data protection officer: references and dates, never text."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        return permission_denied(request)
    rows = ConsentChange.objects.order_by("changed_at").values_list(
        "testimony__reference", "consent", "given", "text_version", "changed_at"
    )
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row[:4] + (row[4].isoformat(),)) for row in rows.iterator())
    response = StreamingHttpResponse(chain([writer.writerow(COLUMNS)], lines), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="consent-records.csv"'
    return response

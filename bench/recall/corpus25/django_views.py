import csv

from django.db.models.fields.json import KT
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import StoredAppointment


@require_GET
def cancel_redirect(request, pk):
    rec = get_object_or_404(StoredAppointment, pk=pk)
    return HttpResponseRedirect(rec.payload["urls"]["cancel"][0])


@require_GET
def reschedule_redirect(request, pk):
    rec = get_object_or_404(StoredAppointment, pk=pk)
    return HttpResponseRedirect(rec.payload["reschedule_url"])


def lookup_by_cancel_link(request):
    link = request.GET["link"]
    rec = StoredAppointment.objects.filter(payload__urls__cancel__0=link).first()
    if rec is None:
        rec = StoredAppointment.objects.filter(payload__cancel_url=link).first()
    return JsonResponse({"id": rec.external_id if rec else None})


def export_links(request):
    qs = StoredAppointment.objects.filter(status="scheduled")
    rows = list(qs.values_list("external_id", "payload__urls__reschedule__0"))
    joinable = qs.filter(payload__urls__has_key="join")
    multi = qs.filter(payload__urls__cancel__1__isnull=False)
    google = qs.values_list("payload__urls__add_to_google_calendar__0", flat=True)
    ics = qs.annotate(ics_link=KT("payload__urls__ics__0")).values("external_id", "ics_link")
    confirm = qs.annotate(confirm_link=KT("payload__confirm_url")).values("external_id", "confirm_link")

    response = HttpResponse(content_type="text/csv")
    writer = csv.writer(response)
    writer.writerow(["id", "reschedule"])
    writer.writerows(rows)
    writer.writerow(["joinable", joinable.count(), "multi", multi.count(), "google", len(google)])
    writer.writerow(["ics", len(ics), "confirm", len(confirm)])
    response["Link"] = reverse("appointments:export")
    return response

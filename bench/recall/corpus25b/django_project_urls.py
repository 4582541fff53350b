# clinicops/urls.py + a couple of tiny views that live next to it
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import include, path
from rest_framework.routers import DefaultRouter

from bookings import api as bookings_api
from bookings import urls as bookings_urls
from bookings.models import Appointment

router = DefaultRouter()
router.register(r"appointments", bookings_api.AppointmentViewSet)
router.register(r"locations", bookings_api.ClinicLocationViewSet)


def legacy_reschedule(request, pk):
    appt = get_object_or_404(Appointment, pk=pk)
    return HttpResponseRedirect(f"https://savvycal.com/c/appointments/{appt.savvycal_id}/reschedule")


def legacy_cancel(request, pk):
    appt = get_object_or_404(Appointment, pk=pk)
    return HttpResponseRedirect(appt.payload["cancel_url"])


def legacy_ics(request, pk):
    appt = get_object_or_404(Appointment, pk=pk)
    return HttpResponseRedirect(appt.payload["urls"]["ics"][0])


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("bookings/", include(bookings_urls)),
    path("r/<int:pk>/reschedule/", legacy_reschedule, name="legacy-reschedule"),
    path("r/<int:pk>/cancel/", legacy_cancel, name="legacy-cancel"),
    path("r/<int:pk>/ics/", legacy_ics, name="legacy-ics"),
    path("accounts/", include("django.contrib.auth.urls")),
]

from django.contrib import admin
from django.urls import include, path, re_path

from . import views

app_name = "booking"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("appointments/<str:appointment_id>/", views.appointment_detail, name="appointment-detail"),
    path("appointments/<str:appointment_id>/cancel/", views.cancel_redirect, name="appointment-cancel"),
    re_path(r"^c/book/(?P<link_id>bl_\w{24})/$", views.booking_link_landing, name="booking-link"),
    path("webhooks/appointments/", include("booking.webhooks.urls")),
    path("healthz", views.healthz),
]

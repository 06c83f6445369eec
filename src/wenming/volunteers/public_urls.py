"""Pages without login: volunteer registration and certificate verification."""

from django.urls import path

from wenming.volunteers.views import phone

app_name = "volunteers_public"
urlpatterns = [
    path("volunteer/register/", phone.RegisterView.as_view(), name="register"),
    path("volunteer/register/done/", phone.RegisteredView.as_view(), name="registered"),
    path("certificates/verify/", phone.VerifyCertificateView.as_view(), name="verify"),
]

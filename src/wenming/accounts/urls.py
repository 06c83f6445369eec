from django.urls import path

from wenming.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/second-factor/", views.LoginTotpView.as_view(), name="login-totp"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "password-reset/issue/", views.PasswordResetIssueView.as_view(), name="password-reset-issue"
    ),
    path("password-reset/sms/", views.PasswordResetSmsView.as_view(), name="password-reset-sms"),
    path(
        "password-reset/sms/confirm/",
        views.PasswordResetSmsConfirmView.as_view(),
        name="password-reset-sms-confirm",
    ),
    path("password-reset/<str:key>/", views.PasswordResetView.as_view(), name="password-reset"),
    path("tokens/", views.TokenListView.as_view(), name="token-list"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
]

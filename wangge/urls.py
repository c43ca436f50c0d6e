from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from wangge.api.urls import api
from wangge.core import views as core_views
from wangge.core.ratelimit import limited
from wangge.portal.api import router as public_router
from wangge.workbench.views import second_factor

# The faces' routers join the API here, where every layer may be imported: the portal and
# the api app are siblings and import neither the other.
api.add_router("/", public_router)

handler500 = "wangge.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Sign-in attempts per address are limited beyond axes' lockout of one username.
    path(
        "accounts/login/",
        limited("sign_in_address")(auth_views.LoginView.as_view()),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/two-factor/", second_factor.second_factor, name="second_factor"),
    path(
        "accounts/two-factor/setup/",
        second_factor.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "accounts/two-factor/recovery-codes/",
        second_factor.recovery_codes,
        name="recovery_codes",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("open311/", include("wangge.open311.urls")),
    path("inbox/", include("wangge.notifications.urls")),
    path("photos/", include("wangge.cases.urls")),
    path("", include("wangge.portal.urls")),
    path("", include("wangge.workbench.urls")),
]

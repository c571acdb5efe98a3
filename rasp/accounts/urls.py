from django.urls import path

from rasp.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", two_factor_views.sign_in_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("password-reset/", views.password_reset, name="password-reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password-reset/done/", views.password_reset_done, name="password-reset-done"),
    path("password/", views.password_change, name="password-change"),
    path("", two_factor_views.account, name="account"),
    path("two-factor/set-up/", two_factor_views.two_factor_set_up, name="two-factor-set-up"),
    path(
        "two-factor/backup-codes/",
        two_factor_views.two_factor_backup_codes,
        name="two-factor-backup-codes",
    ),
    path("two-factor/turn-off/", two_factor_views.two_factor_turn_off, name="two-factor-turn-off"),
]

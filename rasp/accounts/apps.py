from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rasp.accounts"
    label = "accounts"

    def ready(self) -> None:
        from rasp.accounts import receivers  # noqa: F401  (connects the audit receivers)

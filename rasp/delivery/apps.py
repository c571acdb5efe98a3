from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """From "ready" to "delivered": guidance, the transition plan and benefits realisation."""

    name = "rasp.delivery"
    verbose_name = "Delivery"

    def ready(self) -> None:
        from rasp.delivery.hooks import install

        install()

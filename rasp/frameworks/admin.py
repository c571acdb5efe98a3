"""Framework versions in the admin: read-only. Versions are loaded and published by the services
(``rasp framework load FILE --publish``), never edited by hand, so a published version cannot
drift from its checksum."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from rasp.frameworks.models import FrameworkQuestion, FrameworkVersion
from rasp.frameworks.services import framework_version_publish


class FrameworkQuestionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = FrameworkQuestion
    fields = ("order", "code", "area", "module", "scope", "weight", "critical", "red_flag", "stage")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("framework", "version", "title", "status", "created_at", "published_at")
    list_filter = ("framework", "status")
    readonly_fields = (
        "framework",
        "version",
        "title",
        "status",
        "checksum",
        "created_at",
        "updated_at",
        "published_at",
        "source_text",
    )
    exclude = ("major", "minor", "content")
    inlines = (FrameworkQuestionInline,)
    actions = ("publish_selected",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: FrameworkVersion | None = None
    ) -> bool:
        # Viewing is allowed; every field is read-only, so there is nothing to change.
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: FrameworkVersion | None = None
    ) -> bool:
        # A draft nobody uses may be deleted; a published version never.
        return obj is not None and not obj.is_published and super().has_delete_permission(request)

    @admin.action(description="Publish the selected draft versions")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[FrameworkVersion]) -> None:
        if not request.user.is_superuser:
            self.message_user(request, "Only a superuser can publish.", messages.ERROR)
            return
        published = 0
        for version in queryset.filter(status=FrameworkVersion.Status.DRAFT):
            framework_version_publish(version=version, actor=request.user)
            published += 1
        self.message_user(request, f"Published {published} version(s).", messages.SUCCESS)

"""Admin plumbing: changes made in the Django admin are written to the audit log."""

from django.contrib import admin

from .audit import audit_record


class SuperuserAdminSite(admin.AdminSite):
    """Only active superusers get in; staff status alone is not enough."""

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class AuditedAdminMixin:
    """Records every save and delete (inlines included) in the audit log: field names only, never content."""

    audit_action = "admin.change"
    # Inline models whose changes are audited under another action, e.g. {"accounts.membership": …}.
    inline_audit_actions = {}

    def audit_action_for(self, obj, operation, fields):
        return self.audit_action

    def _audit(self, request, action, *, obj=None, object_type="", object_id="", **detail):
        audit_record(action=action, user=request.user, request=request, obj=obj, object_type=object_type,
                     object_id=object_id, detail=detail)

    def save_model(self, request, obj, form, change):
        if hasattr(obj, "modified_by_id"):
            if not change:
                obj.created_by = request.user
            obj.modified_by = request.user
        super().save_model(request, obj, form, change)
        operation = "update" if change else "create"
        fields = sorted(set(form.changed_data) - {"password", "password1", "password2"})
        self._audit(request, self.audit_action_for(obj, operation, fields), obj=obj, operation=operation,
                    fields=fields)

    def delete_model(self, request, obj):
        object_type, object_id = obj._meta.label_lower, obj.pk
        action = self.audit_action_for(obj, "delete", [])
        super().delete_model(request, obj)
        self._audit(request, action, object_type=object_type, object_id=object_id, operation="delete")

    def delete_queryset(self, request, queryset):
        deleted = [(obj._meta.label_lower, obj.pk, self.audit_action_for(obj, "delete", [])) for obj in queryset]
        super().delete_queryset(request, queryset)
        for object_type, object_id, action in deleted:
            self._audit(request, action, object_type=object_type, object_id=object_id, operation="delete")

    def save_formset(self, request, form, formset, change):
        deleted = [(f.instance._meta.label_lower, f.instance.pk) for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        action = self.inline_audit_actions.get(formset.model._meta.label_lower, self.audit_action)
        parent = str(form.instance.pk)
        for obj in formset.new_objects:
            self._audit(request, action, obj=obj, operation="create", parent=parent)
        for obj, fields in formset.changed_objects:
            self._audit(request, action, obj=obj, operation="update", fields=sorted(fields), parent=parent)
        for object_type, object_id in deleted:
            self._audit(request, action, object_type=object_type, object_id=object_id, operation="delete",
                        parent=parent)


class AuditedModelAdmin(AuditedAdminMixin, admin.ModelAdmin):
    pass
